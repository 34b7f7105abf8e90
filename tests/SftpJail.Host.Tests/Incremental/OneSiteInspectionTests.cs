using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Incremental;

/// <summary>Issue 10: a change to one site reads that site's directories and files, and none of any other site's.</summary>
[Collection(HostCollection.Name)]
public sealed class OneSiteInspectionTests : IAsyncLifetime
{
    private const int Sites = 6;

    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Changing_one_site_inspects_only_that_site()
    {
        await ApplyAsync(State(Sites, readOnlyInLast: false));
        var read = new List<string>();
        host.Engine.InspectorReading = path => read.Add(path.Value);

        await ApplyAsync(State(Sites, readOnlyInLast: true));

        Assert.Equal($"incremental: 1 of {Sites} site(s) inspected", host.Engine.LastApplyScope);
        var changed = $"s{Sites}.example";
        Assert.Contains(host.Profile.UploadDirFor(SiteDomain.Parse(changed)).Value, read);
        for (var n = 1; n < Sites; n++)
        {
            var other = host.Profile.ChrootFor(SiteDomain.Parse($"s{n}.example")).Value;
            var otherKeys = host.Profile.AuthorizedKeysFileFor(LinuxUserName.Parse(host.UserName($"u{n}"))).Value;
            Assert.DoesNotContain(read, path => path.StartsWith(other, StringComparison.Ordinal) || path == otherKeys);
        }
    }

    [Fact]
    public async Task A_full_converge_inspects_every_site()
    {
        await ApplyAsync(State(Sites, readOnlyInLast: false));
        var read = new List<string>();
        host.Engine.InspectorReading = path => read.Add(path.Value);
        host.Engine.ForgetAppliedIndex();

        await ApplyAsync(State(Sites, readOnlyInLast: true));

        Assert.StartsWith("full converge", host.Engine.LastApplyScope);
        for (var n = 1; n <= Sites; n++)
        {
            Assert.Contains(host.Profile.UploadDirFor(SiteDomain.Parse($"s{n}.example")).Value, read);
            Assert.Contains(host.Profile.AuthorizedKeysFileFor(LinuxUserName.Parse(host.UserName($"u{n}"))).Value, read);
        }
    }

    private DesiredStateDto State(int sites, bool readOnlyInLast) => new(
        [.. Enumerable.Range(1, sites).Select(n => new SiteDto(
            $"s{n}.example",
            true,
            [new JailUserDto(host.UserName($"u{n}"), ReadOnly: n == sites && readOnlyInLast, KeyOnly: false, Disabled: false,
                ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnVl0CWulG6+CGg6I1FCkT19YQZpgH4cxjtQzEWGHIN incr@test"])]))]);

    private async Task ApplyAsync(DesiredStateDto state)
    {
        var result = await host.Engine.ApplyAsync(state, []);
        Assert.True(result.Succeeded, result.Error);
    }
}
