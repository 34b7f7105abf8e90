using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services.Import;
using SftpJail.Web.Applies;
using SftpJail.Web.Components.Pages.Sites.BulkImport;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The import page's rows of the circuit matrix: Staff and Admin. The page is opened as Staff, then the tab's user
/// becomes the role under test just before the upload or click, so the check inside the handler decides. The secrets
/// row changes the user while the apply runs: the one-time passwords go only to a tab that is still Staff or Admin. The
/// re-attach row is the page opened on <c>?apply=</c> of an import the tab's own account started.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] ImportRows =
    [
        ("import.upload", false, false, true, true),
        ("import.preview", false, false, true, true),
        ("import.apply", false, false, true, true),
        ("import.secrets", false, false, true, true),
        ("import.re-attach", false, false, true, true),
    ];

    private const string ImportHeader = "domain,user,password,key,read_only,customer_email\n";

    private async Task ImportHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        circuit.Context.Services.AddSingleton(panel.Services.GetRequiredService<SftpJail.Web.Executor.ExecutorConnection>());
        if (handler == "import.re-attach")
        {
            await ImportReAttachAsync(circuit, account, allowed);
            return;
        }

        var user = panel.Unique("mximp");
        var csv = ImportHeader + $"{user}.test,{user},,,,\n";
        await circuit.SignInAsync(world.Staff);
        var page = circuit.Render<ImportSitesPage>();
        var plans = panel.Executor.Calls.Count(c => c == "plan");
        Func<Task<bool>> acted;
        switch (handler)
        {
            case "import.upload":
                await circuit.SignInAsync(account);
                ImportSitesPageTests.Upload(page, csv, "sites.csv");
                acted = () => Task.FromResult(page.FindAll($"[data-import-row='{user}']").Count == 1 && panel.Executor.Calls.Count(c => c == "plan") > plans);
                break;
            case "import.preview":
                page.Find("div[data-field=paste] textarea").Change(csv);
                page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
                await circuit.SignInAsync(account);
                await page.Find("[data-preview]").ClickAsync(new());
                acted = () => Task.FromResult(page.FindAll($"[data-import-row='{user}']").Count == 1 && panel.Executor.Calls.Count(c => c == "plan") > plans);
                break;
            case "import.apply":
                ImportSitesPageTests.Upload(page, csv, "sites.csv");
                page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-apply]")), Wait);
                await circuit.SignInAsync(account);
                await page.Find("[data-apply]").ClickAsync(new());
                acted = () => SitePageActions.ReadAsync(panel, db => db.Sites.AnyAsync(s => s.Domain == $"{user}.test"));
                break;
            case "import.secrets":
                await ImportSecretsAsync(circuit, page, account, csv, user, allowed);
                return;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }

        if (!allowed)
        {
            page.WaitForAssertion(() => Assert.Contains("no longer allowed", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(acted, allowed);
    }

    private async Task ImportSecretsAsync(CircuitHarness circuit, IRenderedComponent<ImportSitesPage> page, TestAccount? account, string csv, string user, bool allowed)
    {
        var executor = world.Panel.Executor;
        ImportSitesPageTests.Upload(page, csv, "sites.csv");
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-apply]")), Wait);
        executor.HoldApply = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await page.Find("[data-apply]").ClickAsync(new());
            page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-progress]").GetAttribute("data-running")), Wait);
            await circuit.SignInAsync(account);
            executor.HoldApply.SetResult();
            page.WaitForAssertion(() => Assert.True(page.FindAll("[data-refusal]").Count == 1 || page.FindAll("[data-secrets-card]").Count == 1), Wait);
        }
        finally
        {
            executor.HoldApply?.TrySetResult();
            executor.HoldApply = null;
        }

        var password = executor.LastPasswords.Single(p => p.UserName == user).Password;
        if (allowed)
        {
            page.WaitForAssertion(() => Assert.Equal(password, page.Find($"[data-generated-password='{user}']").TextContent.Trim()), Wait);
        }
        else
        {
            Assert.Contains("no longer allowed", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal);
            Assert.Empty(page.FindAll("[data-secrets-card]"));
            Assert.DoesNotContain(password, circuit.Markup, StringComparison.Ordinal);
        }
    }

    /// <summary>Its own account's finished import with a generated password: only current Staff or Admin may see it.</summary>
    private async Task ImportReAttachAsync(CircuitHarness circuit, TestAccount? account, bool allowed)
    {
        var secret = "Matrix-import-secret-" + Guid.NewGuid().ToString("N");
        var tracker = world.Panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.Import, account?.Id ?? world.Staff.Id, "matrix import", null, (_, _) => Task.FromResult(
            new ApplyOutcome(true, null, []) { GeneratedPasswords = [new GeneratedPassword("mx.example", "mxu", secret)], SiteCount = 1, UserCount = 1 }));
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        await circuit.SignInAsync(account);

        var page = circuit.Render<ImportSitesPage>($"sites/import?apply={apply.Id}");

        if (allowed)
        {
            page.WaitForAssertion(() => Assert.Equal(secret, page.Find("[data-generated-password=mxu]").TextContent.Trim()), Wait);
        }
        else
        {
            page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-refusal]")), Wait);
            Assert.Empty(page.FindAll("[data-secrets-card]"));
            Assert.DoesNotContain(secret, circuit.Markup, StringComparison.Ordinal);
            Assert.Equal(secret, apply.PeekSecrets().GeneratedPasswords.Single().Password);
        }
    }
}
