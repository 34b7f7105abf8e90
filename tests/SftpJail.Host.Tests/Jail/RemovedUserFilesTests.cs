using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>Removing a customer's account keeps its uploads with the site, owned by an account that still exists.</summary>
[Collection(HostCollection.Name)]
public sealed class RemovedUserFilesTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_removed_co_users_uploads_go_to_the_sites_owner_and_reconcile_stays_clean()
    {
        var owner = host.UserName("o");
        var editor = host.UserName("e");
        var both = Of(Site("handover.example", User(owner), User(editor)));
        Assert.True((await host.ApplyAsync(both, new PasswordChange(editor, Password))).Succeeded);
        var upload = Path.Combine(host.BaseDir, "page.html");
        await File.WriteAllTextAsync(upload, "editor's page");
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(editor, Password, $"put {upload} /html/page.html")).ExitCode);
        var html = Path.Combine(host.JailRoot, "example.handover", "html");
        var outside = Path.Combine(host.BaseDir, "outside.txt");
        await File.WriteAllTextAsync(outside, "not the customer's");
        File.CreateSymbolicLink(Path.Combine(html, "planted"), outside);
        Assert.Equal(0, (await HostCommand.RunAsync("chown", ["-h", editor, Path.Combine(html, "planted")])).ExitCode);

        var removed = await host.ApplyAsync(Of(Site("handover.example", User(owner))));

        Assert.True(removed.Succeeded, removed.Error);
        Assert.Equal(owner, await OwnerAsync(Path.Combine(html, "page.html")));
        Assert.Equal(owner, await OwnerAsync(Path.Combine(html, "planted"), noFollow: true));
        Assert.Equal("root", await OwnerAsync(outside));
        Assert.True((await host.Engine.ReconcileAsync(Of(Site("handover.example", User(owner))))).InSync);
    }

    [Fact]
    public async Task A_removed_sites_last_users_files_go_to_root_before_the_site_is_archived()
    {
        var owner = host.UserName("o");
        var next = host.UserName("n");
        Assert.True((await host.ApplyAsync(Of(Site("gone.example", User(owner))))).Succeeded);
        var page = Path.Combine(host.JailRoot, "example.gone", "html", "index.html");
        Assert.Equal(owner, await OwnerAsync(page));

        // The owner is replaced by a new account: the placeholder it owned must not keep a dead uid.
        var replaced = Of(Site("gone.example", User(next)));
        var applied = await host.ApplyAsync(replaced);

        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(next, await OwnerAsync(page));
        Assert.True((await host.Engine.ReconcileAsync(replaced)).InSync);
    }

    private static async Task<string> OwnerAsync(string path, bool noFollow = false)
    {
        var stat = await HostCommand.RunAsync("stat", noFollow ? ["-c", "%U", path] : ["-L", "-c", "%U", path]);
        Assert.Equal(0, stat.ExitCode);
        return stat.StandardOutput.Trim();
    }
}
