using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services.Import;
using SftpJail.Web.Applies;
using SftpJail.Web.Components.Pages.Sites.BulkImport;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The import page re-attaching to its background apply from <c>?apply=</c>: the account that started it sees the
/// progress and then the generated passwords once; another account, a Customer, or a reload after Done sees none.
/// In the add-customer collection: one test holds an apply mid-way, and the apply gate is process-wide.
/// </summary>
[Collection(AddCustomerPageCollection.Name)]
public sealed class ImportSitesReattachTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string Header = "domain,user,password,key,read_only,customer_email\n";
    private const string ImportPage = "sites/import";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_tab_closed_mid_apply_re_attaches_from_the_url_and_shows_the_generated_passwords_once()
    {
        var stem = panel.Unique("reimp");
        var csv = Header + $"{stem}-1.example,{stem}u1,,,,\n{stem}-2.example,{stem}u2,,,,\n";
        panel.Executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var ctx = new PanelComponentContext(panel);
            await ctx.SignInAs(await panel.CreateStaffAsync());
            var page = ctx.Render<ImportSitesPage>();
            ImportSitesPageTests.Upload(page, csv, "sites.csv");
            page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);

            await page.Find("[data-apply]").ClickAsync(new());

            page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);
            var uri = new Uri(ctx.Services.GetRequiredService<NavigationManager>().Uri);
            Assert.Equal("/" + ImportPage, uri.AbsolutePath);
            var applyId = uri.Query.Split('=')[1];

            // The tab closes while the host is being changed; the apply runs on, its passwords kept for this account.
            await ctx.DisposeComponentsAsync();
            ctx.NavigateToApply(applyId, ImportPage);
            var running = ctx.Render<ImportSitesPage>();
            running.WaitForAssertion(() => Assert.Equal("true", running.Find("[data-progress]").GetAttribute("data-running")), Wait);
            Assert.Empty(running.FindAll("[data-secrets-card]"));

            panel.Executor.HoldApply.SetResult();
            await panel.Services.GetRequiredService<ApplyTracker>().RunOf(applyId)!.WaitAsync(Wait);

            // The re-attached tab follows the apply to its end and shows the passwords the executor set.
            running.WaitForAssertion(() => Assert.Equal("applied", running.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            running.WaitForAssertion(() => Assert.Equal(2, running.FindAll("[data-generated-password]").Count), Wait);
            var set = panel.Executor.LastPasswords.ToDictionary(p => p.UserName, p => p.Password);
            var shown = running.FindAll("[data-generated-password]").ToDictionary(e => e.GetAttribute("data-generated-password")!, e => e.TextContent.Trim());
            Assert.Equal(set[$"{stem}u1"], shown[$"{stem}u1"]);
            Assert.Equal(set[$"{stem}u2"], shown[$"{stem}u2"]);

            // Once: a second reload shows the outcome but no password.
            await ctx.DisposeComponentsAsync();
            var again = ctx.Render<ImportSitesPage>();
            again.WaitForAssertion(() => Assert.Equal("applied", again.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Empty(again.FindAll("[data-secrets-card]"));
            Assert.DoesNotContain(shown[$"{stem}u1"], again.Markup, StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.HoldApply?.TrySetResult();
            panel.Executor.HoldApply = null;
        }
    }

    [Fact]
    public async Task A_tab_whose_connection_dropped_does_not_take_the_passwords_and_another_tab_of_the_same_account_gets_them()
    {
        var stem = panel.Unique("drop");
        var staff = await panel.CreateStaffAsync();
        panel.Executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var ctx = new PanelComponentContext(panel);
            await ctx.SignInAs(staff);
            var (page, applyId) = await ApplyHeldAsync(ctx, stem);

            // The browser's network drops; the circuit (and the page on it) lives on while the apply ends.
            var connection = ctx.Services.GetRequiredService<CircuitConnection>();
            await connection.OnConnectionDownAsync(null!, CancellationToken.None);
            panel.Executor.HoldApply.SetResult();
            await panel.Services.GetRequiredService<ApplyTracker>().RunOf(applyId)!.WaitAsync(Wait);
            page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Empty(page.FindAll("[data-secrets-card]"));

            // The user opens the page again in a new tab: the password is still there, once.
            await using var other = new PanelComponentContext(panel);
            await other.SignInAs(staff);
            other.NavigateToApply(applyId, ImportPage);
            var reopened = other.Render<ImportSitesPage>();
            reopened.WaitForAssertion(() => Assert.Single(reopened.FindAll("[data-generated-password]")), Wait);
            var password = reopened.Find("[data-generated-password]").TextContent.Trim();
            Assert.Equal(panel.Executor.LastPasswords.Single(p => p.UserName == $"{stem}u1").Password, password);

            // The old tab comes back: it shows how the apply ended, and no password.
            await connection.OnConnectionUpAsync(null!, CancellationToken.None);
            page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Empty(page.FindAll("[data-secrets-card]"));
            Assert.DoesNotContain(password, page.Markup, StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.HoldApply?.TrySetResult();
            panel.Executor.HoldApply = null;
        }
    }

    [Fact]
    public async Task A_tab_that_reconnects_after_the_apply_ended_shows_the_passwords_then()
    {
        var stem = panel.Unique("recon");
        panel.Executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
            var (page, _) = await ApplyHeldAsync(ctx, stem);
            var connection = ctx.Services.GetRequiredService<CircuitConnection>();
            await connection.OnConnectionDownAsync(null!, CancellationToken.None);
            panel.Executor.HoldApply.SetResult();
            page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
            Assert.Empty(page.FindAll("[data-secrets-card]"));

            await connection.OnConnectionUpAsync(null!, CancellationToken.None);

            page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-generated-password]")), Wait);
        }
        finally
        {
            panel.Executor.HoldApply?.TrySetResult();
            panel.Executor.HoldApply = null;
        }
    }

    [Fact]
    public async Task After_Done_the_passwords_are_gone_from_the_tracker_and_a_re_attach_shows_none()
    {
        var secret = "Import-secret-" + Guid.NewGuid().ToString("N");
        var staff = await panel.CreateStaffAsync();
        var apply = await FinishedImportAsync(staff.Id, secret);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(staff);
        ctx.NavigateToApply(apply.Id, ImportPage);
        var page = ctx.Render<ImportSitesPage>();
        page.WaitForAssertion(() => Assert.Equal(secret, page.Find("[data-generated-password=reu]").TextContent.Trim()), Wait);

        await page.Find("[data-secrets-close]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-secrets-card]")), Wait);
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
        Assert.True(apply.PeekSecrets().IsEmpty);
        await ctx.DisposeComponentsAsync();
        var again = ctx.Render<ImportSitesPage>();
        again.WaitForAssertion(() => Assert.Equal("applied", again.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        Assert.Empty(again.FindAll("[data-secrets-card]"));
        Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_staff_account_cannot_re_attach_and_the_passwords_stay_for_the_one_that_started_it()
    {
        var secret = "Import-secret-" + Guid.NewGuid().ToString("N");
        var apply = await FinishedImportAsync((await panel.CreateStaffAsync()).Id, secret);
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        ctx.NavigateToApply(apply.Id, ImportPage);

        var page = ctx.Render<ImportSitesPage>();

        page.WaitForAssertion(() => Assert.Contains("not known here", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-progress]"));
        Assert.Empty(page.FindAll("[data-secrets-card]"));
        Assert.DoesNotContain(secret, page.Markup, StringComparison.Ordinal);
        Assert.Equal(secret, apply.PeekSecrets().GeneratedPasswords.Single().Password); // refused before it was shown
    }

    [Fact]
    public async Task A_customer_is_refused_even_on_an_apply_under_its_own_id_while_it_runs_and_after_it_ends()
    {
        var secret = "Import-secret-" + Guid.NewGuid().ToString("N");
        var customer = await panel.CreateCustomerAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tracker = panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.Import, customer.Id, "import 1 sites", null, async (_, _) =>
        {
            await release.Task;
            return ImportOutcome(secret);
        });
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(customer);
        ctx.NavigateToApply(apply.Id, ImportPage);

        // Running: no progress either (nothing to collect yet, so only the check on opening can refuse).
        var page = ctx.Render<ImportSitesPage>();
        page.WaitForAssertion(() => Assert.Contains("no longer allowed", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-progress]"));
        var runningMarkup = page.Markup;

        release.SetResult();
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        await ctx.DisposeComponentsAsync();
        var done = ctx.Render<ImportSitesPage>();
        done.WaitForAssertion(() => Assert.Contains("no longer allowed", done.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(done.FindAll("[data-progress]"));
        Assert.Empty(done.FindAll("[data-secrets-card]"));
        Assert.DoesNotContain(secret, runningMarkup + done.Markup, StringComparison.Ordinal);
        Assert.Equal(secret, apply.PeekSecrets().GeneratedPasswords.Single().Password);
    }

    /// <summary>The import page with one row (a generated password) applied, the fake executor holding the apply mid-way.</summary>
    private static async Task<(IRenderedComponent<ImportSitesPage> Page, string ApplyId)> ApplyHeldAsync(PanelComponentContext ctx, string stem)
    {
        var page = ctx.Render<ImportSitesPage>();
        ImportSitesPageTests.Upload(page, Header + $"{stem}-1.example,{stem}u1,,,,\n", "sites.csv");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        await page.Find("[data-apply]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);
        return (page, new Uri(ctx.Services.GetRequiredService<NavigationManager>().Uri).Query.Split('=')[1]);
    }

    /// <summary>A finished import of <paramref name="ownerId"/> with one generated password, as ImportRun returns it.</summary>
    private async Task<TrackedApply> FinishedImportAsync(string ownerId, string secret)
    {
        var tracker = panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.Import, ownerId, "import 1 sites", null, (_, _) => Task.FromResult(ImportOutcome(secret)));
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        return apply;
    }

    private static ApplyOutcome ImportOutcome(string secret) =>
        new(true, null, []) { GeneratedPasswords = [new GeneratedPassword("re.example", "reu", secret)], SiteCount = 1, UserCount = 1 };
}
