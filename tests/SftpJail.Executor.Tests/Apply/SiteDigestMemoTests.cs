using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>The executor's memory of each site's slice and digest: reused only for the same site spec under the same profile.</summary>
public sealed class SiteDigestMemoTests : IDisposable
{
    private const string KeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnVl0CWulG6+CGg6I1FCkT19YQZpgH4cxjtQzEWGHIN a@laptop";

    private readonly TestDirectory root = new();
    private readonly HostProfile profile;

    public SiteDigestMemoTests()
    {
        profile = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["state"].Value, AuthorizedKeysDir = root["keys"].Value }.ToProfile();
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void An_unchanged_state_is_remembered_and_a_changed_site_is_digested_again()
    {
        var memo = new SiteDigestMemo();
        var first = Of(memo, State(disabled: false, keys: []), profile);
        var again = Of(memo, State(disabled: false, keys: []), profile);
        Assert.Equal(0, memo.LastComputed);

        var disabled = Of(memo, State(disabled: true, keys: []), profile);
        Assert.Equal(1, memo.LastComputed);
        var keyed = Of(memo, State(disabled: true, keys: [KeyA]), profile);
        Assert.Equal(1, memo.LastComputed);

        Assert.Equal(first.Digests, again.Digests);
        Assert.Equal(Fresh(State(disabled: true, keys: []), profile), disabled.Digests);
        Assert.Equal(Fresh(State(disabled: true, keys: [KeyA]), profile), keyed.Digests);
        Assert.NotEqual(first.Digests["two.example"], disabled.Digests["two.example"]);
        Assert.NotEqual(disabled.Digests["two.example"], keyed.Digests["two.example"]);
        Assert.Equal(first.Digests["one.example"], keyed.Digests["one.example"]);
        Assert.Contains(keyed.Slices["two.example"].Files, f => f.Role == FileRole.AuthorizedKeys);
    }

    [Fact]
    public void Another_profile_forgets_every_site()
    {
        var memo = new SiteDigestMemo();
        var before = Of(memo, State(disabled: false, keys: []), profile);
        var other = profile with { WebGroup = Core.Values.LinuxGroupName.Parse("www-other") };

        var after = Of(memo, State(disabled: false, keys: []), other);

        Assert.Equal(2, memo.LastComputed);
        Assert.Equal(Fresh(State(disabled: false, keys: []), other), after.Digests);
        Assert.NotEqual(before.Digests["one.example"], after.Digests["one.example"]);
    }

    [Fact]
    public void A_removed_site_is_forgotten_and_digested_again_when_it_returns()
    {
        var memo = new SiteDigestMemo();
        Of(memo, State(disabled: false, keys: []), profile);
        var fewer = State(disabled: false, keys: []) with { Sites = [State(disabled: false, keys: []).Sites[0]] };

        var one = Of(memo, fewer, profile);
        Assert.Equal(["one.example"], one.Digests.Keys);
        Of(memo, State(disabled: false, keys: []), profile);

        Assert.Equal(1, memo.LastComputed);
    }

    private static DesiredStateDto State(bool disabled, IReadOnlyList<string> keys) => new(
    [
        new SiteDto("one.example", true, [new JailUserDto("uone", false, false, false, [])]),
        new SiteDto("two.example", true, [new JailUserDto("utwo", false, false, disabled, keys)]),
    ]);

    private static SiteDigests Of(SiteDigestMemo memo, DesiredStateDto state, HostProfile profile)
    {
        var desired = DesiredStateParser.Parse(state, profile, DateTimeOffset.UtcNow);
        return memo.Of(desired, TargetBuilder.Build(desired, profile), profile, site => $"vhost {site.Domain} {site.Enabled}");
    }

    private static Dictionary<string, string> Fresh(DesiredStateDto state, HostProfile profile)
    {
        var desired = DesiredStateParser.Parse(state, profile, DateTimeOffset.UtcNow);
        return SiteSlices.Of(TargetBuilder.Build(desired, profile), profile).ToDictionary(s => s.Key, s => s.Value.Digest($"vhost {s.Key} True"), StringComparer.Ordinal);
    }
}
