namespace SftpJail.Core.Values;

/// <summary>Account names that belong to the system or to daemons: a customer must never get (or take over) one of them.</summary>
public static class ReservedAccountNames
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy",
        "www-data", "backup", "list", "irc", "gnats", "nobody", "systemd-network", "systemd-resolve",
        "systemd-timesync", "systemd-coredump", "messagebus", "sshd", "apache", "nginx", "httpd",
        "adm", "admin", "administrator", "shutdown", "halt", "operator", "ftp", "sftp", "postfix",
        "mysql", "postgres", "redis", "polkitd", "chrony", "dbus", "tss", "tcpdump", "rpc", "rpcuser",
        "nfsnobody", "avahi", "colord", "pulse", "rtkit", "saned", "usbmux", "dnsmasq", "_apt",
        "sftpjail", "ubuntu", "debian", "centos", "rocky", "ec2-user", "git", "docker", "lxd",
        "wheel", "sudo", "staff", "users", "nogroup", "ssh", "named", "bind", "dovecot", "exim",
        "systemd-journal", "systemd-oom", "uuidd", "_chrony", "_rpc", "statd", "ntp", "ntpsec", "landscape", "pollinate",
    };

    public static bool Contains(string name) => Names.Contains(name);
}
