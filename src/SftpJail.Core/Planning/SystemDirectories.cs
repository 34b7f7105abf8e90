using SftpJail.Core.Values;

namespace SftpJail.Core.Planning;

/// <summary>
/// Directories the operating system and its packages own. SftpJail sets the owner and mode of every directory a
/// role names and keeps its own files there, so a role on one of these would take it over (/tmp 1777 → 0755, site
/// directories among /etc's files, customers' homes moved). Pure: paths only, no I/O.
/// </summary>
public static class SystemDirectories
{
    // Never a role's directory, nor below a role's directory. A dedicated directory below most of them is fine
    // (/var/lib/sftpjail, /srv/sites, /var/www/sub-domains, /etc/sftpjail, /tmp/sjt-abc).
    private static readonly string[] Exact =
    [
        "/", "/bin", "/boot", "/dev", "/etc", "/etc/ssh", "/etc/ssl", "/etc/systemd", "/etc/pam.d", "/etc/sudoers.d",
        "/etc/cron.d", "/etc/default", "/etc/security", "/home", "/lib", "/lib32", "/lib64", "/libx32", "/lost+found",
        "/media", "/mnt", "/opt", "/proc", "/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin",
        "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/include", "/usr/share", "/usr/src", "/usr/local",
        "/usr/local/bin", "/usr/local/sbin", "/usr/local/lib", "/var", "/var/backups", "/var/cache", "/var/lib",
        "/var/lib/dpkg", "/var/lib/rpm", "/var/local", "/var/lock", "/var/log", "/var/mail", "/var/opt", "/var/run",
        "/var/spool", "/var/tmp", "/var/www",
    ];

    // Trees where no role may lie at any depth, with why, and the settings that may (by Field).
    private static readonly (string Path, string Why, string[] Admits)[] Subtrees =
    [
        ("/proc", "the kernel's process file system", []),
        ("/sys", "the kernel's device file system", []),
        ("/dev", "the device file system", []),
        ("/run", "a memory file system emptied at every boot", []),
        ("/var/run", "a link to /run, emptied at every boot", []),
        ("/boot", "the boot loader's", []),
        ("/root", "root's own home directory", []),
        ("/etc/ssh", "sshd's own configuration and host keys (only the sshd config files SftpJail writes belong there)", ["Host:SshdDropInPath", "Host:SshdMainConfigPath"]),
    ];

    /// <summary>Why <paramref name="role"/>'s directory cannot be a system directory, or null when it is a directory of its own.</summary>
    public static string? Refusal(DirectoryRole role)
    {
        var path = role.Target.Path;
        var setting = role.Setting;
        if (Exact.Contains(path.Value, StringComparer.Ordinal))
        {
            return $"{setting} cannot be {path}: that is a system directory, and SftpJail sets the owner and mode of its directories " +
                   "and keeps its own files in them. Give it a dedicated directory, e.g. one named sftpjail below it.";
        }

        if (Exact.Select(s => AbsolutePath.Parse(s)).FirstOrDefault(s => s.IsWithin(path)) is { } inside)
        {
            return $"{setting} ({path}) contains the system directory {inside}: SftpJail would set its owner and mode and keep its files " +
                   "beside the system's. Give it a dedicated directory of its own.";
        }

        foreach (var (tree, why, admits) in Subtrees)
        {
            if (path.IsWithin(AbsolutePath.Parse(tree)) && !admits.Contains(role.Field, StringComparer.Ordinal))
            {
                return $"{setting} ({path}) is inside {tree}, {why}; nothing SftpJail keeps may live there. Give it a dedicated directory elsewhere.";
            }
        }

        return null;
    }

    /// <summary>The first role on a system directory, with why; null when none is.</summary>
    public static RoleConflict? Find(IReadOnlyList<DirectoryRole> roles) =>
        roles.Select(r => Refusal(r) is { } message ? new RoleConflict(r, null, message) : null).FirstOrDefault(c => c is not null);
}
