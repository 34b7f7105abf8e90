using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.DiskUsage;

/// <summary>
/// Which of SftpJail's own directories share a file system with the jails. A customer who fills the jails' file
/// system fills those too: the executor's records (and the panel's database) then cannot be written.
/// </summary>
internal static class FileSystemLayout
{
    /// <summary>One warning per path in <paramref name="others"/> on the jail root's file system (the nearest existing ancestor decides).</summary>
    public static IReadOnlyList<string> Warnings(AbsolutePath jailRoot, IEnumerable<(string Setting, AbsolutePath Path)> others)
    {
        if (DeviceOf(jailRoot) is not { } jails)
        {
            return [];
        }

        return others
            .Where(other => DeviceOf(other.Path) == jails)
            .Select(other => $"{other.Setting} ({other.Path}) is on the same file system as Host:JailRoot ({jailRoot}): a customer who fills it leaves " +
                             "no room to record changes. Disabling and removing users still work (they lock the account first and the executor keeps " +
                             "a small reserve), but put it on another file system if the layout allows.")
            .ToList();
    }

    /// <summary>The executor's own warnings: its state directory.</summary>
    public static IReadOnlyList<string> Warnings(HostProfile profile) => Warnings(profile.JailRoot, [("Host:StateDir", profile.StateDir)]);

    /// <summary>The device (major, minor) of <paramref name="path"/>, or of its nearest ancestor that exists.</summary>
    public static (uint Major, uint Minor)? DeviceOf(AbsolutePath path)
    {
        for (AbsolutePath? current = path; current is not null; current = current.Parent)
        {
            if (Posix.TryStatNoFollow(null, current.Value, current.Value, out var stat))
            {
                return (stat.DeviceMajor, stat.DeviceMinor);
            }
        }

        return null;
    }
}
