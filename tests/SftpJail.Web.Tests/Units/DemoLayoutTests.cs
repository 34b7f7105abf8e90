extern alias executor;

using Microsoft.Extensions.Configuration;
using SftpJail.Core.Model;
using SftpJail.Web.Executor;

namespace SftpJail.Web.Tests.Units;

/// <summary>The demo's paths as the panel really reads them: appsettings.json, then appsettings.Development.json from the source tree.</summary>
public sealed class DemoLayoutTests
{
    private static IConfigurationManager DevelopmentConfiguration(params string[] commandLine)
    {
        var project = Browser.LivePanel.ProjectDirectory("src/SftpJail.Web");
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(project, "appsettings.json"), optional: false);
        configuration.AddJsonFile(Path.Combine(project, "appsettings.Development.json"), optional: false);
        configuration.AddCommandLine(commandLine);
        DemoLayout.Apply(configuration, isRoot: true);
        return configuration;
    }

    [Fact]
    public void The_demo_gives_the_state_dir_the_keys_dir_and_the_jail_root_directories_of_their_own()
    {
        var profile = (DevelopmentConfiguration().GetSection(HostProfileOptions.Section).Get<HostProfileOptions>() ?? new()).ToProfile();

        Assert.Equal("/var/lib/sftpjail-demo/state", profile.StateDir.Value);
        Assert.Equal("/var/lib/sftpjail-demo/keys", profile.AuthorizedKeysDir.Value);
        Assert.Equal("/var/lib/sftpjail-demo/sites", profile.JailRoot.Value);

        // The 0700 state dir may not hold the 0755 chain sshd needs above the keys and the chroots.
        Assert.False(profile.AuthorizedKeysDir.IsWithin(profile.StateDir), "the keys dir is inside the state dir");
        Assert.False(profile.JailRoot.IsWithin(profile.StateDir), "the jail root is inside the state dir");
        Assert.False(profile.StateDir.IsWithin(profile.JailRoot), "the state dir is inside the jail root");
        Assert.NotEqual(profile.StateDir, profile.AuthorizedKeysDir.Parent);
        Assert.Equal("sftpjail-demo", profile.JailGroup.Value);
        Assert.Equal(SshdMode.Dedicated, profile.Mode);
        Assert.Equal(2222, profile.Listen.Port);
    }

    [Fact]
    public void As_root_the_demo_keeps_the_panels_data_protection_keys_under_its_root_not_in_roots_home()
    {
        var configuration = DevelopmentConfiguration();

        Assert.Equal("/var/lib/sftpjail-demo/panel/data-protection", configuration["Panel:DataProtectionKeysDir"]);
    }

    [Fact]
    public void Everything_the_demo_writes_is_under_the_demo_root_never_at_the_production_paths()
    {
        var configuration = DevelopmentConfiguration();

        Assert.Equal("Data Source=/var/lib/sftpjail-demo/panel/sftpjail.db", configuration.GetConnectionString("SftpJail"));
        Assert.Equal("/var/lib/sftpjail-demo/run/executor.sock", configuration["Executor:SocketPath"]);
        var (_, web) = executor::SftpJail.Executor.ExecutorEngine.ReadProfiles(configuration);
        Assert.Equal(WebServerMode.Dedicated, web.Mode);
        Assert.StartsWith("/var/lib/sftpjail-demo/state/", web.ConfigRoot.Value + "/", StringComparison.Ordinal);
    }

    [Fact]
    public void One_setting_moves_the_whole_demo_and_an_explicit_path_still_wins()
    {
        var moved = DevelopmentConfiguration("--Demo:Root=/srv/try-sftpjail", "--Host:JailRoot=/srv/elsewhere");

        Assert.Equal("/srv/try-sftpjail/state", moved["Host:StateDir"]);
        Assert.Equal("/srv/try-sftpjail/keys", moved["Host:AuthorizedKeysDir"]);
        Assert.Equal("/srv/elsewhere", moved["Host:JailRoot"]);
        Assert.Equal("Data Source=/srv/try-sftpjail/panel/sftpjail.db", moved.GetConnectionString("SftpJail"));
        Assert.Equal("/srv/try-sftpjail/run/executor.sock", moved["Executor:SocketPath"]);
    }

    [Fact]
    public void A_non_root_preview_keeps_its_database_in_the_working_directory()
    {
        var settings = DemoLayout.SettingsFor(SftpJail.Core.Values.AbsolutePath.Parse("/var/lib/sftpjail-demo"), isRoot: false);

        Assert.DoesNotContain(settings.Keys, key => key.StartsWith("ConnectionStrings:", StringComparison.Ordinal));
    }

    [Fact]
    public void Production_has_no_demo_root()
    {
        var project = Browser.LivePanel.ProjectDirectory("src/SftpJail.Web");
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(Path.Combine(project, "appsettings.json"), optional: false);
        DemoLayout.Apply(configuration, isRoot: true);

        Assert.Null(configuration[DemoLayout.RootKey]);
        Assert.Equal("/run/sftpjail/executor.sock", configuration["Executor:SocketPath"]);
        Assert.Null(configuration.GetConnectionString("SftpJail"));
    }
}
