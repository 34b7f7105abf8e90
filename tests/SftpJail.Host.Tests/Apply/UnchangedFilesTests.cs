using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply;

/// <summary>An apply with nothing to change leaves every file it manages alone: same inode, same mtime.</summary>
[Collection(HostCollection.Name)]
public sealed class UnchangedFilesTests
{
    [Fact]
    public async Task A_second_apply_of_the_same_state_rewrites_no_file()
    {
        await using var host = await JailHost.CreateAsync();
        var state = Of(Site("same.example", User(host.UserName("a"))));
        var first = await host.ApplyAsync(state);
        Assert.True(first.Succeeded, first.Error);
        var files = new[]
        {
            host.Profile.ManifestPath.Value,
            host.Profile.StateDir.Combine("last-applied.json").Value,
            host.Profile.StateDir.Combine("admins.json").Value,
            host.DropInPath,
            host.Profile.SshdMainConfigPath.Value,
        };
        var before = await IdentitiesAsync(files);

        var second = await host.ApplyAsync(state);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(before, await IdentitiesAsync(files));
    }

    [Fact]
    public async Task A_second_apply_with_a_dedicated_nginx_rewrites_neither_nginx_conf_nor_the_vhost()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Nginx");
        var state = Of(Site("same-web.example", User(host.UserName("a"))));
        var first = await host.ApplyAsync(state);
        Assert.True(first.Succeeded, first.Error);
        var vhosts = Directory.GetFiles(host.Web!.ConfigRoot.Value, "*.conf", SearchOption.AllDirectories);
        var files = new[]
        {
            host.Web.MainConfigPath.Value,
            host.Profile.ManifestPath.Value,
            host.Profile.StateDir.Combine("last-applied.json").Value,
            host.Profile.StateDir.Combine("admins.json").Value,
        }.Concat(vhosts).Distinct().ToArray();
        var before = await IdentitiesAsync(files);

        var second = await host.ApplyAsync(state);

        Assert.True(second.Succeeded, second.Error);
        Assert.Equal(before, await IdentitiesAsync(files));
    }

    /// <summary>Inode and mtime (nanoseconds) per file, from coreutils stat.</summary>
    private static async Task<string> IdentitiesAsync(string[] files)
    {
        var lines = new List<string>();
        foreach (var file in files)
        {
            Assert.True(File.Exists(file), $"{file} does not exist");
            var stat = await HostCommand.RunAsync("stat", ["--format=%n %i %.9Y", "--", file]);
            Assert.Equal(0, stat.ExitCode);
            lines.Add(stat.StandardOutput.Trim());
        }

        return string.Join('\n', lines);
    }
}
