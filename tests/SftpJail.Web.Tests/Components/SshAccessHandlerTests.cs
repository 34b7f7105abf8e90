using Bunit;
using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SshAccessCircuitTests;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// What the rebuilt SSH access page's handlers do, in a circuit over the real panel (host-access service, SQLite,
/// audit) and the fake executor: add an admin, open an enrolment window, approve an arrived key, remove the hardening
/// profile, compare <c>sshd -T</c>. Their refusals are rows of <see cref="CircuitAuthorizationTests"/>.
/// </summary>
public sealed class SshAccessHandlerTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Adding_an_admin_with_a_key_puts_it_on_the_host_and_clears_the_form_and_a_bad_name_adds_nothing()
    {
        var name = panel.Unique("ad");
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);
        var admins = (await ViewAsync(panel)).Admins.Count;

        page.Find("[data-new-admin-name]").Change("Not A Name");
        page.Find("[data-add-admin]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("A username cannot contain a space.", circuit.Markup, StringComparison.Ordinal), Wait);
        Assert.Equal(admins, (await ViewAsync(panel)).Admins.Count);

        page.Find("[data-new-admin-name]").Change(name);
        page.Find("[data-new-admin-keys]").Change(KeyA);
        page.Find("[data-add-admin]").Click();

        page.WaitForAssertion(() => Assert.Equal(FingerprintA, page.Find($"[data-admin='{name}'] [data-admin-key]").TextContent.Trim()), Wait);
        Assert.Equal([FingerprintA], (await AdminAsync(panel, name)).Keys.Select(k => k.Fingerprint));
        Assert.Equal([FingerprintA], HostKeysOf(name));
        Assert.True(string.IsNullOrEmpty(page.Find("[data-new-admin-name]").GetAttribute("value")));
        Assert.Contains($"Admin {name} added.", circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Opening_an_enrolment_window_sets_the_password_on_the_host_and_counts_down_without_showing_it()
    {
        var name = await AddAdminAsync(panel, panel.Unique("op"), null);
        const string password = "Enrolment-pass-0123456789";
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);

        await CircuitAuthorizationTests.ChooseAsync(page, "data-enrol-admin", name);
        page.Find("[data-enrol-password]").Change(password);
        page.Find("[data-open-enrolment]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("14:", page.Find("[data-enrolment-open] [data-countdown]").GetAttribute("data-countdown"), StringComparison.Ordinal), Wait);
        Assert.Contains(name, page.Find("[data-enrolment-open]").TextContent, StringComparison.Ordinal);
        var window = (await ViewAsync(panel)).Enrolment!;
        Assert.Equal(name, window.Admin);
        Assert.InRange(window.ExpiresAtUtc - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.Equal(name, panel.Executor.LastApplied!.Enrolment!.Admin);
        Assert.Contains(new PasswordChange(name, password), panel.Executor.LastPasswords);
        Assert.DoesNotContain(password, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approving_an_arrived_key_makes_exactly_that_key_managed()
    {
        var name = await AddAdminAsync(panel, panel.Unique("ap"), null);
        await CircuitAuthorizationTests.OpenEnrolmentAsync(panel, name);
        panel.Executor.Arrived[name] = [new ArrivedKey("ED25519", CircuitAuthorizationTests.FingerprintB, "ops@desk", KeyB)];
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);
        page.WaitForAssertion(() => Assert.Contains("ops@desk", page.Find($"[data-arrived-keys='{name}'] [data-arrived-key='{CircuitAuthorizationTests.FingerprintB}']").TextContent, StringComparison.Ordinal), Wait);
        Assert.NotEmpty(page.FindAll($"[data-admin='{name}'] [data-no-key]"));

        page.Find($"[data-approve='{CircuitAuthorizationTests.FingerprintB}']").Click();

        page.WaitForAssertion(() => Assert.Equal(CircuitAuthorizationTests.FingerprintB, page.Find($"[data-admin='{name}'] [data-admin-key]").TextContent.Trim()), Wait);
        Assert.Equal([CircuitAuthorizationTests.FingerprintB], (await AdminAsync(panel, name)).Keys.Select(k => k.Fingerprint));
        Assert.Equal([CircuitAuthorizationTests.FingerprintB], HostKeysOf(name));
    }

    [Fact]
    public async Task Removing_the_hardening_profile_asks_first_and_a_cancel_keeps_it()
    {
        await CircuitAuthorizationTests.ChangeHostAccessAsync(panel, s => s.ApplyHardeningAsync(HardeningDto.Recommended, new SftpJail.Data.Services.Actor("test")));
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);
        Assert.Equal("applied", page.Find("[data-hardening-state]").TextContent);
        var applies = panel.Executor.ApplyCount;

        page.Find("[data-remove-hardening]").Click();
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find("[data-confirm-cancel]")), Wait);
        Assert.Contains("without SftpJail's hardening lines", circuit.Find("[data-confirm-dialog]").TextContent, StringComparison.Ordinal);
        circuit.Find("[data-confirm-cancel]").Click();
        await Task.Delay(300);
        Assert.Equal(applies, panel.Executor.ApplyCount);
        Assert.True((await ViewAsync(panel)).Hardening.Enabled);

        page.Find("[data-remove-hardening]").Click();
        await ConfirmAsync(circuit);

        page.WaitForAssertion(() => Assert.Equal("not applied", page.Find("[data-hardening-state]").TextContent), Wait);
        Assert.False((await ViewAsync(panel)).Hardening.Enabled);
        Assert.False(panel.Executor.LastApplied!.Hardening!.Enabled);
        Assert.True(page.Find("[data-remove-hardening]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Compare_shows_sshd_T_for_the_admin_and_the_jailed_user_side_by_side_and_a_bad_name_never_reaches_the_executor()
    {
        var name = await AddAdminAsync(panel, panel.Unique("cm"), KeyA);
        var user = panel.Unique("cmuser");
        panel.Executor.Effective[name] = [new EffectiveSetting("passwordauthentication", "no"), new EffectiveSetting("permitrootlogin", "no"), new EffectiveSetting("banner", "none")];
        panel.Executor.Effective[user] = [new EffectiveSetting("passwordauthentication", "yes"), new EffectiveSetting("chrootdirectory", "/srv/jail/" + user)];
        await using var circuit = await AdminCircuitAsync();
        var page = await RenderAsync(circuit);

        await CircuitAuthorizationTests.ChooseAsync(page, "data-eff-admin", name);
        page.Find("[data-eff-user]").Change(user);
        page.Find("[data-compare]").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-effective-settings] [data-setting=passwordauthentication]")), Wait);
        var row = page.Find("[data-effective-settings] [data-setting=passwordauthentication]");
        Assert.Equal(("no", "yes"), (row.QuerySelector("[data-side=admin]")!.TextContent, row.QuerySelector("[data-side=user]")!.TextContent));
        Assert.Contains("table-warning", row.ClassName, StringComparison.Ordinal);
        Assert.Equal("/srv/jail/" + user, page.Find("[data-setting=chrootdirectory] [data-side=user]").TextContent);
        Assert.Equal("–", page.Find("[data-setting=chrootdirectory] [data-side=admin]").TextContent);
        Assert.Equal("none", page.Find("[data-setting=banner] [data-side=admin]").TextContent); // folded under "All other keywords"
        Assert.Contains("effective:" + name, panel.Executor.Calls);
        Assert.Contains("effective:" + user, panel.Executor.Calls);

        page.Find("[data-eff-user]").Change("x,addr=10.0.0.1");
        page.Find("[data-compare]").Click();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-settings-error]")), Wait);
        Assert.DoesNotContain(panel.Executor.Calls, c => c.StartsWith("effective:x,", StringComparison.Ordinal));
    }

    /// <summary>The fingerprints of <paramref name="admin"/>'s keys in the last state the executor was asked to apply.</summary>
    private IEnumerable<string> HostKeysOf(string admin) =>
        panel.Executor.LastApplied!.Admins!.Single(a => a.Name == admin).Keys.Select(k => SftpJail.Core.Values.SshPublicKey.Parse(k).Fingerprint);

    private async Task<CircuitHarness> AdminCircuitAsync()
    {
        var circuit = new CircuitHarness(panel);
        await circuit.SignInAsync(await panel.CreateAdminAsync());
        return circuit;
    }
}
