using Microsoft.Extensions.Hosting;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Executor.Hosting;

namespace SftpJail.Executor.Tests.Hosting;

/// <summary>Issue 9, item 3: a configured root that is, or lies below, a symbolic link stops the executor at start-up.</summary>
public sealed class RootLinkStartUpTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sjt-links-").FullName;

    public RootLinkStartUpTests()
    {
        Directory.CreateDirectory($"{root}/real/www");
        File.CreateSymbolicLink($"{root}/link", $"{root}/real");
        File.CreateSymbolicLink($"{root}/wwwlink", $"{root}/real/www");
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Theory]
    [InlineData("Host:JailRoot", "link/www")]
    [InlineData("Host:JailRoot", "wwwlink")]
    [InlineData("Host:StateDir", "link/state")]
    [InlineData("Host:AuthorizedKeysDir", "link/keys")]
    [InlineData("Host:AuthorizedKeysDir", "link")]
    public void A_root_through_a_symbolic_link_stops_start_up_naming_the_setting(string setting, string relative)
    {
        var ex = Assert.Throws<ExecutorStartupException>(() => Build($"--{setting}={root}/{relative}"));

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
        Assert.Contains("symbolic link", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_web_server_root_through_a_symbolic_link_stops_start_up()
    {
        var ex = Assert.Throws<ExecutorStartupException>(() =>
            Build("--WebServer:Kind=Nginx", "--WebServer:Mode=Dedicated", $"--WebServer:ConfigRoot={root}/link/nginx"));

        Assert.Contains("WebServer:ConfigRoot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Real_directories_and_missing_ones_below_them_start()
    {
        using var host = Build($"--Host:JailRoot={root}/real/www", $"--Host:StateDir={root}/real/not-yet/state");

        Assert.NotNull(host);
    }

    [Fact]
    public void The_check_names_the_link_component()
    {
        var profile = new HostProfileOptions { JailRoot = $"{root}/link/www", StateDir = $"{root}/real/state", AuthorizedKeysDir = $"{root}/real/k/keys" }.ToProfile();

        var message = RootLinkCheck.Find(DirectoryRoles.For(profile));

        Assert.Equal(
            $"Host:JailRoot ({root}/link/www) lies below the symbolic link {root}/link. SftpJail never follows links to its directories " +
            "(a link could point it at a system directory); set the real path of a directory of its own.",
            message);
    }

    private IHost Build(params string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = [.. args, "--Executor:PanelUid=0", "--Executor:PanelGid=0"],
            ContentRootPath = root,
        });
        builder.AddSftpJailExecutor();
        return builder.Build();
    }
}
