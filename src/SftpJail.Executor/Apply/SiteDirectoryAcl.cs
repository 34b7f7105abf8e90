using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Reads and writes a directory's POSIX ACLs (<see cref="DirectoryAcl"/>) through a descriptor opened without following
/// links, as the kernel's <c>system.posix_acl_access</c> / <c>system.posix_acl_default</c> attributes: what
/// <c>setfacl -P</c> does, with no path a customer could swap between the check and the change.
/// </summary>
internal static unsafe partial class SiteDirectoryAcl
{
    private const string AccessName = "system.posix_acl_access";
    private const string DefaultName = "system.posix_acl_default";
    private const uint Version = 2;
    private const uint UndefinedId = uint.MaxValue;
    private const int HeaderSize = 4;
    private const int EntrySize = 8;
    private const int ENODATA = 61;
    private const int EOPNOTSUPP = 95;

    /// <summary>
    /// Runs <paramref name="ensure"/> (which makes the directory or sets its owner and mode) with the target's ACL put on
    /// before (an html/ still in the web group never stops being readable while its group changes) and again after (a
    /// directory just made). Without an ACL in the target it only runs <paramref name="ensure"/>.
    /// </summary>
    public static void AroundOwnerChange(HostFileSystem files, DirectoryTarget target, uint readerGid, Action ensure)
    {
        if (target.Acl is { } acl)
        {
            SetIfPresent(files, target.Path, acl, target.Mode, readerGid);
        }

        ensure();
        if (target.Acl is { } after)
        {
            SetIfPresent(files, target.Path, after, target.Mode, readerGid);
        }
    }

    /// <summary>Sets both ACLs of an existing directory; false when there is none at <paramref name="path"/> yet.</summary>
    public static bool SetIfPresent(HostFileSystem files, AbsolutePath path, DirectoryAcl acl, int mode, uint readerGid)
    {
        using var parent = files.OpenParentForChange(path, out var name);
        if (!Posix.TryStatNoFollow(parent, name, path.Value, out var stat))
        {
            return false;
        }

        if (!stat.IsDirectory)
        {
            throw new UnsafePathException(path, $"it is a {HostFileSystem.Describe(stat)}, not a directory.");
        }

        using var directory = NoFollowWalk.OpenChildDirectory(parent, name, path);
        Write(directory, AccessName, acl.Access(mode), readerGid, path);
        Write(directory, DefaultName, acl.Default(mode), readerGid, path);
        return true;
    }

    /// <summary>Both ACLs in <see cref="AclText"/>'s words ("" for none), or null when the path is not a directory of its own.</summary>
    public static string? Read(HostFileSystem files, AbsolutePath path, Func<uint, string> userName, Func<uint, string> groupName)
    {
        try
        {
            using var parent = files.OpenParentForChange(path, out var name);
            using var directory = NoFollowWalk.OpenChildDirectory(parent, name, path);
            return AclText.Render(ReadEntries(directory, AccessName, userName, groupName, path), ReadEntries(directory, DefaultName, userName, groupName, path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Sets the access ACL (and, for a directory, the default ACL) of an opened entry from its own mode.</summary>
    public static void SetOn(FileDescriptor fd, bool isDirectory, DirectoryAcl acl, int mode, uint readerGid, AbsolutePath path)
    {
        Write(fd, AccessName, acl.Access(mode), readerGid, path);
        if (isDirectory)
        {
            Write(fd, DefaultName, acl.Default(mode), readerGid, path);
        }
    }

    private static void Write(FileDescriptor fd, string attribute, IReadOnlyList<AclEntry> entries, uint readerGid, AbsolutePath path)
    {
        // The kernel wants the entries in tag order (each named entry carries its id); DirectoryAcl lists them so.
        var blob = new byte[HeaderSize + (entries.Count * EntrySize)];
        BinaryPrimitives.WriteUInt32LittleEndian(blob, Version);
        var at = HeaderSize;
        foreach (var entry in entries.OrderBy(e => e.Tag))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(at), (ushort)entry.Tag);
            BinaryPrimitives.WriteUInt16LittleEndian(blob.AsSpan(at + 2), (ushort)entry.Permissions);
            BinaryPrimitives.WriteUInt32LittleEndian(blob.AsSpan(at + 4), entry.Tag is AclTag.User or AclTag.Group ? readerGid : UndefinedId);
            at += EntrySize;
        }

        fixed (byte* data = blob)
        {
            if (fsetxattr(fd.Value, attribute, data, (nuint)blob.Length, 0) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw errno == EOPNOTSUPP
                    ? new ApplyStepException($"The file system of {path} does not support POSIX ACLs (mount it with acl); the web server could not read the site.")
                    : new PosixException("fsetxattr " + attribute, path.Value, errno);
            }
        }
    }

    private static List<AclEntry> ReadEntries(FileDescriptor fd, string attribute, Func<uint, string> userName, Func<uint, string> groupName, AbsolutePath path)
    {
        var buffer = new byte[HeaderSize + (64 * EntrySize)];
        nint length;
        fixed (byte* data = buffer)
        {
            length = fgetxattr(fd.Value, attribute, data, (nuint)buffer.Length);
        }

        if (length < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is ENODATA or EOPNOTSUPP ? [] : throw new PosixException("fgetxattr " + attribute, path.Value, errno);
        }

        var entries = new List<AclEntry>();
        for (var at = HeaderSize; at + EntrySize <= length; at += EntrySize)
        {
            var tag = (AclTag)BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at));
            var permissions = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 2));
            var id = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 4));
            var qualifier = tag switch
            {
                AclTag.User => userName(id),
                AclTag.Group => groupName(id),
                _ => null,
            };
            entries.Add(new AclEntry(tag, qualifier, permissions));
        }

        return entries;
    }

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int fsetxattr(int fd, string name, byte* value, nuint size, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint fgetxattr(int fd, string name, byte* value, nuint size);
}
