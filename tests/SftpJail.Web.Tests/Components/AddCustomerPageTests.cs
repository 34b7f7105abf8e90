using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Identity;
using SftpJail.Web.Applies;
using SftpJail.Web.Identity;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Components.Shared;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The interactive add-customer page in a bUnit circuit over the real panel and the fake executor. Not in parallel
/// with other classes: one test holds an apply mid-way, and the site service's apply gate is process-wide.
/// </summary>
[Collection(AddCustomerPageCollection.Name)]
public sealed class AddCustomerPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string Ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_bad_domain_is_refused_as_it_is_typed_and_preview_stays_off()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();

        Type(page, "domain", "not a domain");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("div[data-field=domain] .mud-input-error")), Wait);
        Assert.True(page.Find("[data-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_domain_suggests_a_free_user_name_and_a_taken_one_is_flagged()
    {
        var existing = await panel.AddCustomerAsync(panel.Unique("taken") + ".test", withLogin: false);
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();

        var domain = panel.Unique("fresh") + ".test";
        Type(page, "domain", domain);
        page.WaitForAssertion(() => Assert.Equal(domain.Split('.')[0], SuggestedName(page)), Wait);
        Assert.Contains($"leave it empty to use {domain.Split('.')[0]}", page.Find("div[data-field=username]").TextContent, StringComparison.Ordinal);
        Assert.Equal("", UserNameValue(page)); // a placeholder, never written into what the user types

        Type(page, "username", existing.UserName);
        page.WaitForAssertion(() => Assert.Contains($"{existing.UserName} is already an SFTP user here.", page.Find("div[data-field=username]").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(page.Find("[data-preview]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task A_name_typed_while_suggestions_are_looked_up_stays_and_only_the_newest_domain_suggests()
    {
        var held = new HeldSuggestionScopes(panel.Services.GetRequiredService<IServiceScopeFactory>());
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel, services => services.AddSingleton(held.AsOperationScopes()));
        var page = ctx.Render<AddCustomerPage>();

        var first = panel.Unique("slow") + ".test";
        var second = panel.Unique("newer") + ".test";
        Type(page, "domain", first);
        page.WaitForAssertion(() => Assert.Equal(1, held.Asked), Wait);
        Type(page, "domain", second);
        page.WaitForAssertion(() => Assert.Equal(2, held.Asked), Wait);
        var typed = panel.Unique("typed");
        Type(page, "username", typed);
        held.Release();

        page.WaitForAssertion(() => Assert.Contains("Available.", page.Find("div[data-field=username]").TextContent, StringComparison.Ordinal), Wait);
        page.WaitForAssertion(() => Assert.Equal(second.Split('.')[0], SuggestedName(page)), Wait);
        Assert.Equal(typed, UserNameValue(page));

        // The preview plans the typed name, not the suggestion.
        await page.Find("[data-preview]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        Assert.Contains(typed, page.Find("[data-plan]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain($"CreateUser {second.Split('.')[0]}", page.Find("[data-plan]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_pasted_key_shows_its_type_and_fingerprint_and_a_bad_one_its_reason()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();

        Type(page, "keys", Ed25519Key);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-key-ok]")), Wait);
        var expected = SftpJail.Core.Values.SshPublicKey.Parse(Ed25519Key).Fingerprint;
        Assert.StartsWith("SHA256:", expected, StringComparison.Ordinal);
        Assert.Equal(expected, page.Find("[data-fingerprint]").TextContent.Trim());
        Assert.Contains("ssh-ed25519", page.Find("[data-key-ok]").TextContent, StringComparison.Ordinal);

        Type(page, "keys", "ssh-ed25519 not-base64!!");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-key-error]")), Wait);
        Assert.Empty(page.FindAll("[data-key-ok]"));
    }

    [Fact]
    public async Task Preview_shows_real_unified_hunks_and_a_changed_input_takes_apply_away()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();
        Type(page, "domain", panel.Unique("diff") + ".test");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);

        await page.Find("[data-preview]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-diff]")), Wait);
        var diff = page.Find("[data-diff]").TextContent;
        Assert.Contains("--- " + FakeExecutor.DropInPath, diff, StringComparison.Ordinal);
        Assert.Contains("@@ ", diff, StringComparison.Ordinal);
        Assert.Contains("+Match Group sftpjail", diff, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-diff] .diff-add"));
        Assert.NotEmpty(page.FindAll("[data-apply]"));

        Type(page, "username", "someoneelse");
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-apply]")), Wait);
        Assert.Empty(page.FindAll("[data-preview-panel]"));
    }

    [Fact]
    public async Task Apply_streams_the_executors_steps_then_hands_over_the_password_once_and_a_reload_re_attaches()
    {
        panel.Executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
            var page = ctx.Render<AddCustomerPage>();
            var domain = panel.Unique("live") + ".test";
            Type(page, "domain", domain);
            page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
            await page.Find("[data-preview]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);

            await page.Find("[data-apply]").ClickAsync(new());

            // Held after its first step: the panel shows it running, step 1 started.
            page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);
            page.WaitForAssertion(() => Assert.Contains("CreateUser", page.Find("[data-progress-steps]").TextContent, StringComparison.Ordinal), Wait);
            var applyId = new Uri(ctx.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri).Query.Split('=')[1];

            // The tab closes while the host is being changed; the apply runs on.
            await ctx.DisposeComponentsAsync();
            panel.Executor.HoldApply.SetResult();
            var tracker = panel.Services.GetRequiredService<ApplyTracker>();
            await tracker.RunOf(applyId)!.WaitAsync(Wait);

            // A reload with the id in the URL re-attaches: the steps, the outcome, and the password this once.
            ctx.NavigateToApply(applyId);
            var reloaded = ctx.Render<AddCustomerPage>();
            reloaded.WaitForAssertion(() => Assert.Equal("applied", reloaded.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Equal(3, reloaded.FindAll("[data-step-done=true]").Count);
            var password = reloaded.Find("[data-handover-row=password] [data-value]").TextContent.Trim();
            Assert.Equal(panel.Executor.LastPasswords.Single().Password, password);
            Assert.Contains($"sftp -P 2222 {domain.Split('.')[0]}@", reloaded.Find("[data-handover-row=command]").TextContent, StringComparison.Ordinal);
            Assert.Contains(FakeExecutor.Ed25519.Fingerprint, reloaded.Find("[data-handover]").TextContent, StringComparison.Ordinal);
            Assert.NotEmpty(reloaded.FindAll("[data-copy=password]"));

            var again = ctx.Render<AddCustomerPage>();
            again.WaitForAssertion(() => Assert.NotEmpty(again.FindAll("[data-handover]")), Wait);
            Assert.Empty(again.FindAll("[data-handover-row=password]"));
            Assert.DoesNotContain(password, again.Markup, StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.HoldApply?.TrySetResult();
            panel.Executor.HoldApply = null;
        }
    }

    [Fact]
    public async Task A_tab_that_lost_its_connection_mid_apply_shows_the_password_when_it_is_back_not_before()
    {
        panel.Executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
            var page = ctx.Render<AddCustomerPage>();
            Type(page, "domain", panel.Unique("down") + ".test");
            page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
            await page.Find("[data-preview]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
            await page.Find("[data-apply]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);
            var connection = ctx.Services.GetRequiredService<CircuitConnection>();

            await connection.OnConnectionDownAsync(null!, CancellationToken.None);
            panel.Executor.HoldApply.SetResult();

            page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Empty(page.FindAll("[data-handover-row=password]"));
            await connection.OnConnectionUpAsync(null!, CancellationToken.None);
            page.WaitForAssertion(() => Assert.Equal(panel.Executor.LastPasswords.Single().Password, page.Find("[data-handover-row=password] [data-value]").TextContent.Trim()), Wait);
        }
        finally
        {
            panel.Executor.HoldApply?.TrySetResult();
            panel.Executor.HoldApply = null;
        }
    }

    [Fact]
    public async Task Another_account_cannot_re_attach_to_an_apply_it_did_not_start()
    {
        var tracker = panel.Services.GetRequiredService<ApplyTracker>();
        var someone = await panel.CreateStaffAsync();
        var apply = tracker.Start(ApplyKind.AddCustomer, someone.Id, "test", "Secret-pass-0123456789", (_, _) => Task.FromResult(new ApplyOutcome(true, null, [], null, "x.test", "x")));
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);

        ctx.NavigateToApply(apply.Id);
        var page = ctx.Render<AddCustomerPage>();

        Assert.NotEmpty(page.FindAll("[data-refusal]"));
        Assert.DoesNotContain("Secret-pass-0123456789", page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("locked")]
    [InlineData("demoted")]
    public async Task A_tab_whose_account_lost_staff_cannot_re_attach_and_collect_the_one_time_password(string change)
    {
        const string secret = "Secret-pass-reattach-0123456789";
        var staff = await panel.CreateStaffAsync();
        var tracker = panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.AddCustomer, staff.Id, "test", secret, (_, _) => Task.FromResult(new ApplyOutcome(true, null, [], null, "x.test", "x")));
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(staff);
        await LoseStaffAsync(staff, change);

        ctx.NavigateToApply(apply.Id);
        var page = ctx.Render<AddCustomerPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-refusal]")), Wait);
        Assert.Empty(page.FindAll("[data-handover]"));
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
        Assert.Equal(secret, apply.PeekSecrets().SftpPassword); // refused before it was shown: not lost
    }

    [Fact]
    public async Task A_tab_demoted_while_its_apply_runs_does_not_get_the_password_when_it_ends()
    {
        const string secret = "Secret-pass-running-0123456789";
        var staff = await panel.CreateStaffAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tracker = panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.AddCustomer, staff.Id, "test", secret, async (_, _) =>
        {
            await release.Task;
            return new ApplyOutcome(true, null, [], null, "y.test", "y");
        });
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(staff);
        ctx.NavigateToApply(apply.Id);
        var page = ctx.Render<AddCustomerPage>();
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);

        await LoseStaffAsync(staff, "demoted");
        release.SetResult();
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-refusal]")), Wait);
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
        Assert.Equal(secret, apply.PeekSecrets().SftpPassword);
    }

    [Theory]
    [InlineData("customer")]
    [InlineData("anonymous")]
    [InlineData("locked")]
    [InlineData("demoted")]
    public async Task A_circuit_that_is_not_current_staff_cannot_preview_or_apply(string who)
    {
        await using var ctx = new PanelComponentContext(panel);
        var staff = await panel.CreateStaffAsync();
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            var user = (await users.FindByIdAsync(staff.Id))!;
            switch (who)
            {
                case "customer":
                    await ctx.SignInAs(await panel.CreateCustomerAsync());
                    break;
                case "anonymous":
                    break;
                case "locked":
                    await ctx.SignInAs(staff);
                    await users.SetLockoutEnabledAsync(user, true);
                    await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
                    break;
                case "demoted":
                    // Still in the Staff role in the circuit's cached principal; no longer in the database.
                    await ctx.SignInAs(staff);
                    await users.RemoveFromRoleAsync(user, PanelRoles.Staff);
                    await users.AddToRoleAsync(user, PanelRoles.Customer);
                    break;
            }
        }

        var page = ctx.Render<AddCustomerPage>();
        var plansBefore = panel.Executor.Calls.Count(c => c == "plan");
        var appliesBefore = panel.Executor.ApplyCount;
        Type(page, "domain", panel.Unique("nope") + ".test");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-refusal]")), Wait);
        await page.Find("[data-preview]").ClickAsync(new());

        Assert.Empty(page.FindAll("[data-preview-panel]"));
        Assert.Equal(plansBefore, panel.Executor.Calls.Count(c => c == "plan"));
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
    }

    private async Task LoseStaffAsync(TestAccount staff, string change)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
        var user = (await users.FindByIdAsync(staff.Id))!;
        if (change == "locked")
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
        }
        else
        {
            // Still Staff in the circuit's cached principal; no longer in the database.
            await users.RemoveFromRoleAsync(user, PanelRoles.Staff);
            await users.AddToRoleAsync(user, PanelRoles.Customer);
        }
    }

    [Fact]
    public async Task A_key_file_shows_its_fingerprint_and_an_oversize_or_private_key_file_is_refused()
    {
        var pair = await KeyFilePair.GenerateAsync("customer@laptop");
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<AddCustomerPage>();
        Type(page, "keys", Ed25519Key);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-key-ok]")), Wait);

        var huge = string.Join('\n', Enumerable.Repeat(Ed25519Key, (KeyFileUpload.MaxFileBytes / Ed25519Key.Length) + 1));
        KeyFilePair.Upload(page.FindComponent<InputFile>(), huge, "authorized_keys");
        page.WaitForAssertion(() => Assert.Contains("authorized_keys is larger than 64 KiB", page.Find("[data-key-file-error]").TextContent, StringComparison.Ordinal), Wait);
        KeyFilePair.Upload(page.FindComponent<InputFile>(), pair.PrivateText, "id_ed25519");
        page.WaitForAssertion(() => Assert.Contains("holds a private key", page.Find("[data-key-file-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(Ed25519Key, page.Find("div[data-field=keys] textarea").GetAttribute("value"));
        Assert.DoesNotContain(pair.PrivateText.Split('\n')[1], page.Markup, StringComparison.Ordinal);

        KeyFilePair.Upload(page.FindComponent<InputFile>(), pair.PublicText, "id_ed25519.pub");
        var expected = SftpJail.Core.Values.SshPublicKey.Parse(pair.PublicText).Fingerprint;
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-key-ok]").Count), Wait);
        Assert.Equal(expected, page.FindAll("[data-fingerprint]")[1].TextContent.Trim());
        Assert.Empty(page.FindAll("[data-key-file-error]"));
        Assert.Empty(page.FindAll("[data-key-error]"));
    }

    private static void Type(IRenderedComponent<AddCustomerPage> page, string field, string text) =>
        page.Find($"div[data-field={field}] {(field == "keys" ? "textarea" : "input")}").Input(text);

    private static string SuggestedName(IRenderedComponent<AddCustomerPage> page) =>
        page.Find("div[data-field=username] input").GetAttribute("placeholder") ?? "";

    private static string UserNameValue(IRenderedComponent<AddCustomerPage> page) =>
        page.Find("div[data-field=username] input").GetAttribute("value") ?? "";
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AddCustomerPageCollection
{
    public const string Name = "add-customer page (holds applies)";
}
