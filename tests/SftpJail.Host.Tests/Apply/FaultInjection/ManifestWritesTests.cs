using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>The manifest is read once per apply and saved once at its end, not re-read and rewritten per account.</summary>
[Collection(HostCollection.Name)]
public sealed class ManifestWritesTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_apply_that_creates_twenty_accounts_saves_the_manifest_once()
    {
        var points = new List<string>();
        host.Engine.Faults.Injector = points.Add;
        var users = Enumerable.Range(0, 20).Select(i => User(host.UserName($"u{i:D2}"))).ToArray();

        var applied = await host.ApplyAsync(Of(Site("batch.example", users)));

        Assert.True(applied.Succeeded, applied.Error);
        Assert.Equal(20, points.Count(p => p.StartsWith("before CreateUser", StringComparison.Ordinal)));
        Assert.Single(points, "save manifest");
        Assert.Single(points, "write intent");
    }
}
