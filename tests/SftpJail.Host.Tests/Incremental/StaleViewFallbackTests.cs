using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Host.Tests.Model;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Incremental;

/// <summary>
/// Issue 10: a hand-made change to a site the next change does not touch is caught by the consistency check; that
/// apply converges the whole host instead, and repairs it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StaleViewFallbackTests : IAsyncLifetime
{
    private JailHost host = null!;
    private KeyPool keys = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        keys = await KeyPool.CreateAsync(Path.Combine(host.BaseDir, "client-keys"), 2);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_deleted_authorized_keys_file_of_an_untouched_site_makes_the_next_apply_full_and_it_comes_back()
    {
        var keyFile = host.Profile.AuthorizedKeysFileFor(LinuxUserName.Parse(host.UserName("a"))).Value;
        await ApplyAsync(State(secondKeyForC: false));
        var written = await File.ReadAllTextAsync(keyFile);

        File.Delete(keyFile);
        await ApplyAsync(State(secondKeyForC: true));

        Assert.StartsWith("full converge (consistency check: " + keyFile, host.Engine.LastApplyScope);
        Assert.Equal(written, await File.ReadAllTextAsync(keyFile));
    }

    [Fact]
    public async Task A_mode_changed_by_hand_on_an_untouched_site_makes_the_next_apply_full_and_it_is_put_back()
    {
        var html = host.Profile.UploadDirFor(SiteDomain.Parse("b.example")).Value;
        await ApplyAsync(State(secondKeyForC: false));
        var mode = File.GetUnixFileMode(html);

        File.SetUnixFileMode(html, mode | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await ApplyAsync(State(secondKeyForC: false));

        Assert.StartsWith("full converge (consistency check: " + html, host.Engine.LastApplyScope);
        Assert.Equal(mode, File.GetUnixFileMode(html));
    }

    [Fact]
    public async Task Without_a_hand_made_change_the_next_apply_inspects_only_the_changed_site()
    {
        await ApplyAsync(State(secondKeyForC: false));
        Assert.StartsWith("full converge (no record of the last apply", host.Engine.LastApplyScope);

        await ApplyAsync(State(secondKeyForC: true));

        Assert.Equal("incremental: 1 of 3 site(s) inspected", host.Engine.LastApplyScope);
    }

    [Theory]
    [InlineData("-b")]
    [InlineData("-k")]
    public async Task An_acl_changed_by_hand_on_an_untouched_site_makes_the_next_apply_full_and_it_is_put_back(string setfaclOption)
    {
        // setfacl -b (all ACLs) or -k (the default ACL) changes no owner, mode or inode: the print reads the ACL itself.
        var html = host.Profile.UploadDirFor(SiteDomain.Parse("b.example")).Value;
        await ApplyAsync(State(secondKeyForC: false));
        var acl = await HostCommand.RunAsync("getfacl", ["-p", html]);
        Assert.Contains("group:www-data:r-x", acl.StandardOutput);
        var mode = File.GetUnixFileMode(html);
        await RunAsync("setfacl", setfaclOption, html);
        Assert.Equal(mode, File.GetUnixFileMode(html));
        Assert.NotEqual(acl.StandardOutput, (await HostCommand.RunAsync("getfacl", ["-p", html])).StandardOutput);

        await ApplyAsync(State(secondKeyForC: true));

        Assert.StartsWith("full converge (consistency check: " + html, host.Engine.LastApplyScope);
        Assert.Equal(acl.StandardOutput, (await HostCommand.RunAsync("getfacl", ["-p", html])).StandardOutput);
    }

    [Fact]
    public async Task A_reconcile_that_finds_drift_makes_the_next_apply_full()
    {
        var html = host.Profile.UploadDirFor(SiteDomain.Parse("b.example")).Value;
        await ApplyAsync(State(secondKeyForC: false));
        await RunAsync("setfacl", "-b", html);

        var reconcile = await host.Engine.ReconcileAsync(State(secondKeyForC: false));
        Assert.False(reconcile.InSync);
        await ApplyAsync(State(secondKeyForC: true));

        Assert.StartsWith("full converge (no record of the last apply", host.Engine.LastApplyScope);
        Assert.Contains("group:www-data:r-x", (await HostCommand.RunAsync("getfacl", ["-p", html])).StandardOutput);
    }

    /// <summary>Three sites; only c.example changes between the states.</summary>
    private DesiredStateDto State(bool secondKeyForC) => new(
    [
        new SiteDto("a.example", true, [new JailUserDto(host.UserName("a"), false, true, false, [keys.PublicKeys[0]])]),
        new SiteDto("b.example", true, [new JailUserDto(host.UserName("b"), false, true, false, [keys.PublicKeys[1]])]),
        new SiteDto("c.example", true, [new JailUserDto(host.UserName("c"), false, true, false, secondKeyForC ? [keys.PublicKeys[0], keys.PublicKeys[1]] : [keys.PublicKeys[0]])]),
    ]);

    private async Task ApplyAsync(DesiredStateDto state)
    {
        var result = await host.Engine.ApplyAsync(state, []);
        Assert.True(result.Succeeded, result.Error);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var output = await HostCommand.RunAsync(file, args);
        Assert.True(output.ExitCode == 0, $"{file} failed: {output.All}");
    }
}
