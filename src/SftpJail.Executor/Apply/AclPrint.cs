using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>
/// A directory's POSIX ACLs as raw bytes (hex), for <see cref="EntryPrint"/>: setfacl changes no owner, mode or inode
/// (removing an ACL or only the default one leaves the mode as it was), so an lstat alone cannot tell. Two
/// lgetxattr calls per directory, no name lookups; none for a directory whose status has not changed since this
/// process last read its ACL.
/// </summary>
internal static unsafe partial class AclPrint
{
    private const int ENODATA = 61;
    private const int EOPNOTSUPP = 95;
    private const int ERANGE = 34;

    // Setting an ACL changes the status-change time; one stamped this close to the read may share its clock tick with a
    // setfacl made just after the read, so it is not remembered.
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(2);

    private static readonly ConcurrentDictionary<string, Remembered> Known = new(StringComparer.Ordinal);

    public static string Of(string path) =>
        $"a:{Attribute(path, "system.posix_acl_access")} d:{Attribute(path, "system.posix_acl_default")}";

    /// <summary>
    /// The ACL print of a directory whose lstat is <paramref name="stat"/>: read again unless this process read it while
    /// the directory had this very device, inode and status-change time (which any setfacl moves) and that time had settled.
    /// </summary>
    public static string Of(string path, in StatX stat)
    {
        var identity = new Identity(stat.DeviceMajor, stat.DeviceMinor, stat.Inode, stat.ChangeSeconds, stat.ChangeNanoseconds);
        if (Known.TryGetValue(path, out var known) && known.Identity == identity)
        {
            return known.Print;
        }

        var print = Of(path);
        if (DateTimeOffset.FromUnixTimeSeconds(stat.ChangeSeconds) < DateTimeOffset.UtcNow - Settled)
        {
            if (Known.Count >= 1_000_000)
            {
                Known.Clear();
            }

            Known[path] = new Remembered(identity, print);
        }
        else
        {
            Known.TryRemove(path, out _);
        }

        return print;
    }

    private static string Attribute(string path, string name)
    {
        // Enough for the ACLs SftpJail sets and far more; a larger one (ERANGE) is someone else's, and changed.
        Span<byte> buffer = stackalloc byte[1024];
        nint length;
        fixed (byte* data = buffer)
        {
            length = lgetxattr(path, name, data, (nuint)buffer.Length);
        }

        if (length >= 0)
        {
            return Convert.ToHexString(buffer[..(int)length]);
        }

        return Marshal.GetLastPInvokeError() switch
        {
            ENODATA or EOPNOTSUPP => "-",
            ERANGE => "large",

            // Unreadable now (the directory went away between lstat and here): a print that matches nothing recorded.
            var errno => "errno" + errno,
        };
    }

    // lgetxattr: an entry that became a symlink after the lstat is read as the link, never followed.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint lgetxattr(string path, string name, byte* value, nuint size);

    private readonly record struct Identity(uint DeviceMajor, uint DeviceMinor, ulong Inode, long ChangeSeconds, uint ChangeNanoseconds);

    private sealed record Remembered(Identity Identity, string Print);
}
