using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Executor.Apply;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>A site whose chroot is in the archive comes back with the customer's files, never as an empty new site.</summary>
[Collection(HostCollection.Name)]
public sealed class ArchivedSiteRestoreTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync(webServer: "Nginx");

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_kill_after_the_archive_rename_then_a_rollback_gives_the_site_back_its_files_and_its_user_its_password()
    {
        var user = host.UserName("a");
        var state = Of(Site("arch.example", User(user)));
        Assert.True((await host.ApplyAsync(state, new PasswordChange(user, Password))).Succeeded);
        await UploadAsync(user, "index.html", "<h1>the customer's page</h1>\n");
        var engine = new ConvergenceCheck(host, []).NewEngine();
        engine.Faults.Injector = point =>
        {
            if (point.StartsWith("after ArchiveDirectory", StringComparison.Ordinal))
            {
                throw new SimulatedCrashException(point);
            }
        };
        await Assert.ThrowsAsync<SimulatedCrashException>(() => engine.ApplyAsync(Of(), []));
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.arch")));

        var rolledBack = await new ConvergenceCheck(host, []).NewEngine().ApplyAsync(state, []);
        var listing = await host.Client.SftpWithPasswordAsync(user, Password, "get /html/index.html " + Path.Combine(host.BaseDir, "got.html"));

        Assert.True(rolledBack.Succeeded, rolledBack.Error);
        Assert.Contains(rolledBack.Applied, s => s.Summary.StartsWith("restore the site's files from the archive", StringComparison.Ordinal));
        Assert.True(listing.ExitCode == 0, listing.All);
        Assert.Equal("<h1>the customer's page</h1>\n", await File.ReadAllTextAsync(Path.Combine(host.BaseDir, "got.html")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Profile.ArchiveDir.Value));
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
    }

    [Fact]
    public async Task A_site_removed_and_added_again_gets_its_archived_files_back_instead_of_a_new_placeholder()
    {
        var user = host.UserName("b");
        var state = Of(Site("again.example", User(user)));
        Assert.True((await host.ApplyAsync(state, new PasswordChange(user, Password))).Succeeded);
        await UploadAsync(user, "index.html", "<h1>kept</h1>\n");
        Assert.True((await host.ApplyAsync(Of())).Succeeded);
        var archived = Assert.Single(Directory.EnumerateDirectories(host.Profile.ArchiveDir.Value));

        var preview = await host.Engine.PlanAsync(state);
        var readded = await host.ApplyAsync(state, new PasswordChange(user, Password));
        var page = Path.Combine(host.JailRoot, "example.again", "html", "index.html");

        Assert.Contains(preview.Steps, s => s.Kind == PlanStepKind.ArchiveDirectory && s.Summary.Contains(archived, StringComparison.Ordinal));
        Assert.DoesNotContain(preview.Steps, s => s.Target == page);
        Assert.True(readded.Succeeded, readded.Error);
        Assert.Equal("<h1>kept</h1>\n", await File.ReadAllTextAsync(page));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.Profile.ArchiveDir.Value));
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(user, Password, "ls /html/index.html")).ExitCode);
        Assert.True((await host.Engine.ReconcileAsync(state)).InSync);
    }

    [Fact]
    public async Task A_removed_site_that_holds_only_its_placeholder_leaves_no_archive()
    {
        var state = Of(Site("unused.example", User(host.UserName("c"))));
        Assert.True((await host.ApplyAsync(state)).Succeeded);

        var removed = await host.ApplyAsync(Of());

        Assert.True(removed.Succeeded, removed.Error);
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.unused")));
        Assert.False(Directory.Exists(host.Profile.ArchiveDir.Value) && Directory.EnumerateFileSystemEntries(host.Profile.ArchiveDir.Value).Any());
    }

    private async Task UploadAsync(string user, string name, string content)
    {
        var local = Path.Combine(host.BaseDir, name);
        await File.WriteAllTextAsync(local, content);
        var put = await host.Client.SftpWithPasswordAsync(user, Password, $"put {local} /html/{name}");
        Assert.True(put.ExitCode == 0, put.All);
    }
}
