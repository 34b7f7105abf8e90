using System.Runtime.InteropServices;

namespace SftpJail.Executor.Apply;

/// <summary>
/// A directory's POSIX ACLs as raw bytes (hex), for <see cref="EntryPrint"/>: setfacl changes no owner, mode or inode
/// (removing an ACL or only the default one leaves the mode as it was), so an lstat alone cannot tell. Two
/// lgetxattr calls per directory, no name lookups.
/// </summary>
internal static unsafe partial class AclPrint
{
    private const int ENODATA = 61;
    private const int EOPNOTSUPP = 95;
    private const int ERANGE = 34;

    public static string Of(string path) =>
        $"a:{Attribute(path, "system.posix_acl_access")} d:{Attribute(path, "system.posix_acl_default")}";

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
}
