using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>Issue 9, item 3: every configured root is a dedicated directory, never a system directory or a parent of one.</summary>
public sealed class SystemDirectoryRootTests
{
    public static TheoryData<string> SystemDirectories => new()
    {
        "/", "/etc", "/etc/ssh", "/usr", "/usr/local", "/var", "/var/lib", "/var/log", "/var/www", "/home", "/tmp", "/var/tmp",
        "/dev", "/proc", "/proc/self", "/sys", "/run", "/boot", "/root", "/srv", "/opt", "/bin", "/lib",
    };

    [Theory]
    [MemberData(nameof(SystemDirectories))]
    public void Refuses_a_system_directory_as_the_jail_root(string dir) =>
        AssertRefused(new HostProfileOptions { JailRoot = dir }, "Host:JailRoot");

    [Theory]
    [MemberData(nameof(SystemDirectories))]
    public void Refuses_a_system_directory_as_the_state_dir(string dir) =>
        AssertRefused(new HostProfileOptions { StateDir = dir }, "Host:StateDir");

    [Theory]
    [MemberData(nameof(SystemDirectories))]
    public void Refuses_a_system_directory_as_the_keys_dir(string dir) =>
        AssertRefused(new HostProfileOptions { AuthorizedKeysDir = dir }, "Host:AuthorizedKeysDir");

    [Theory]
    [InlineData("/tmp/keys")]
    [InlineData("/etc/keys")]
    [InlineData("/home/keys")]
    public void Refuses_a_keys_dir_whose_parent_is_a_system_directory(string dir) =>
        AssertRefused(new HostProfileOptions { AuthorizedKeysDir = dir }, "Host:AuthorizedKeysDir", "the parent of Host:AuthorizedKeysDir");

    [Theory]
    [InlineData("/proc/1/root/www")]
    [InlineData("/dev/shm/www")]
    [InlineData("/sys/fs/www")]
    [InlineData("/run/sftpjail/www")]
    [InlineData("/root/sites")]
    [InlineData("/etc/ssh/sites")]
    public void Refuses_a_jail_root_inside_a_system_tree(string dir) =>
        AssertRefused(new HostProfileOptions { JailRoot = dir }, "Host:JailRoot");

    [Theory]
    [MemberData(nameof(SystemDirectories))]
    public void Refuses_a_system_directory_as_a_dedicated_web_server_config_root(string dir) =>
        AssertWebRefused(new WebServerProfileOptions { Kind = "Nginx", Mode = "Dedicated", ConfigRoot = dir }, "WebServer:ConfigRoot");

    [Theory]
    [MemberData(nameof(SystemDirectories))]
    public void Refuses_a_system_directory_as_the_web_server_log_dir(string dir) =>
        AssertWebRefused(new WebServerProfileOptions { Kind = "Apache", LogDir = dir }, "WebServer:LogDir");

    [Theory]
    [InlineData("/etc/sftpjail/authorized_keys")]
    [InlineData("/srv/keys/authorized_keys")]
    public void Refuses_a_web_server_root_inside_the_keys_dir(string keysDir)
    {
        var host = new HostProfileOptions { AuthorizedKeysDir = keysDir }.ToProfile();
        var web = new WebServerProfileOptions { Kind = "Nginx", Mode = "Dedicated", ConfigRoot = keysDir + "/nginx" };

        var refusal = Assert.Throws<InputRejectedException>(() => web.ToProfile(host));

        Assert.Contains("Host:AuthorizedKeysDir", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("WebServer:ConfigRoot", refusal.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_web_server_root_that_is_the_state_dir()
    {
        var host = new HostProfileOptions().ToProfile();
        var web = new WebServerProfileOptions { Kind = "Nginx", Mode = "Dedicated", ConfigRoot = host.StateDir.Value };

        var refusal = Assert.Throws<InputRejectedException>(() => web.ToProfile(host));

        Assert.Contains("Host:StateDir", refusal.Reason, StringComparison.Ordinal);
        Assert.Contains("WebServer:ConfigRoot", refusal.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/srv/sites", "/var/lib/sftpjail", "/etc/sftpjail/authorized_keys")]
    [InlineData("/var/www/sub-domains", "/var/lib/sjtest-abc/state", "/var/lib/sjtest-abc/etc/keys")]
    [InlineData("/tmp/sjt-abc/www", "/tmp/sjt-abc/state", "/tmp/sjt-abc/keys")]
    [InlineData("/srv/jail", "/opt/sftpjail/state", "/etc/sftpjail/keys")]
    public void Accepts_dedicated_directories_below_system_ones(string jailRoot, string stateDir, string keysDir)
    {
        var host = new HostProfileOptions { JailRoot = jailRoot, StateDir = stateDir, AuthorizedKeysDir = keysDir }.ToProfile();

        Assert.Equal(jailRoot, host.JailRoot.Value);
    }

    [Theory]
    [InlineData("Debian", "Nginx", "System")]
    [InlineData("Debian", "Apache", "System")]
    [InlineData("Rhel", "Nginx", "System")]
    [InlineData("Rhel", "Apache", "System")]
    [InlineData("Debian", "Nginx", "Dedicated")]
    [InlineData("Debian", "Apache", "Dedicated")]
    public void Accepts_the_default_layouts_with_their_web_servers(string family, string kind, string mode)
    {
        foreach (var sshd in new[] { "System", "Dedicated" })
        {
            var host = new HostProfileOptions { Family = family, SshdMode = sshd }.ToProfile();

            var web = new WebServerProfileOptions { Kind = kind, Mode = mode }.ToProfile(host);

            Assert.True(web.IsManaged);
        }
    }

    [Fact]
    public void Keeps_the_system_drop_in_directory_under_etc_ssh()
    {
        var host = new HostProfileOptions().ToProfile();

        Assert.Equal("/etc/ssh/sshd_config.d/50-sftpjail.conf", host.SshdDropInPath.Value);
    }

    [Fact]
    public void Refuses_a_drop_in_written_straight_into_etc_ssh()
    {
        AssertRefused(new HostProfileOptions { SshdDropInPath = "/etc/ssh/50-sftpjail.conf" }, "Host:SshdDropInPath", "the parent of Host:SshdDropInPath");
    }

    [Fact]
    public void Refuses_a_dedicated_sshd_config_in_the_system_s_ssh_directory()
    {
        AssertRefused(new HostProfileOptions { SshdMode = "Dedicated", SshdMainConfigPath = "/etc/ssh/sshd_config" }, "Host:SshdMainConfigPath");
    }

    [Fact]
    public void Refuses_a_path_with_a_dot_dot_segment_naming_the_setting()
    {
        AssertRefused(new HostProfileOptions { JailRoot = "/srv/sites/../../etc" }, "Host:JailRoot", "'..'");
    }

    private static void AssertRefused(HostProfileOptions options, string field, string? inMessage = null)
    {
        var refusal = Assert.Throws<InputRejectedException>(() => options.ToProfile());

        Assert.Equal(field, refusal.Field);
        Assert.Contains(inMessage ?? field, refusal.Reason, StringComparison.Ordinal);
    }

    private static void AssertWebRefused(WebServerProfileOptions options, string field)
    {
        var host = new HostProfileOptions().ToProfile();

        var refusal = Assert.Throws<InputRejectedException>(() => options.ToProfile(host));

        Assert.Equal(field, refusal.Field);
    }
}
