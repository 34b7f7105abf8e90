using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace SftpJail.Data.Storage;

/// <summary>
/// Whether the panel's SQLite file lies on the jails' file system: a customer who fills that leaves the panel unable to
/// record any change, disabling that customer included. Compared by device number, as stat(2) reports it.
/// </summary>
public static class DatabaseLayout
{
    /// <summary>A warning for an administrator, or null when the database is elsewhere (or in memory, or not a file).</summary>
    public static string? Warning(string? connectionString, string jailRoot)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var database = Path.GetFullPath(source);
        var (db, jails) = (DeviceOf(database), DeviceOf(jailRoot));
        return db is not null && db == jails
            ? $"The panel's database ({database}) is on the same file system as the jail root ({jailRoot}): a customer who fills it leaves the panel " +
              "no room to record changes. Move the database (ConnectionStrings:SftpJail) to another file system if the layout allows."
            : null;
    }

    /// <summary>The device of <paramref name="path"/> or of its nearest existing ancestor; null when none can be read.</summary>
    internal static (uint Major, uint Minor)? DeviceOf(string path)
    {
        var buffer = new byte[256]; // struct statx
        for (var current = path; !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
        {
            if (statx(-100, current, 0, 0, buffer) == 0)
            {
                return (BitConverter.ToUInt32(buffer, 136), BitConverter.ToUInt32(buffer, 140)); // stx_dev_major, stx_dev_minor
            }
        }

        return null;
    }

    // DllImport rather than LibraryImport: this project compiles no unsafe code, and a byte[] needs none here.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int statx(int dirFd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
#pragma warning restore SYSLIB1054
}
