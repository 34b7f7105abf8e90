using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

public sealed partial class HostFileSystem
{
    private const int GroupOrWorldWritable = 0x12; // 0022

    /// <summary>
    /// Checks sshd's ChrootDirectory rule for <paramref name="path"/>: every component from "/" down is a real directory
    /// (not a link), owned by root and writable by no one else. sshd only enforces this at login ("bad ownership or
    /// modes for chroot directory"); <c>sshd -t</c> does not, so the executor checks before it reloads.
    /// Throws <see cref="UnsafePathException"/> naming the first component that breaks the rule.
    /// </summary>
    public void VerifyRootOwnedChain(AbsolutePath path)
    {
        var root = AbsolutePath.Parse("/");
        using var top = Posix.OpenDirectory("/");
        RequireRootOwned(root, Posix.Stat(top, "/"));
        using var last = NoFollowWalk.Descend(top, root, path, (component, fd) => RequireRootOwned(component, Posix.Stat(fd, component.Value)));
    }

    private static void RequireRootOwned(AbsolutePath component, in StatX stat)
    {
        if (stat.Uid != 0)
        {
            throw new UnsafePathException(component, $"it is owned by uid {stat.Uid}; sshd requires every component of a chroot to be owned by root.");
        }

        if ((stat.Permissions & GroupOrWorldWritable) != 0)
        {
            throw new UnsafePathException(
                component,
                $"its mode is {Convert.ToString(stat.Permissions, 8).PadLeft(4, '0')}; sshd refuses a chroot with a group- or world-writable component.");
        }
    }
}
