using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Web.Applies;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The add-customer page's rows of the circuit matrix: Staff and Admin. The form is filled in as Staff, then the tab's
/// user becomes the role under test just before the keystroke or click, so the check inside the handler decides. The
/// re-attach row is the page opened on <c>?apply=</c> of an apply the tab's own account started.
/// </summary>
public sealed partial class CircuitAuthorizationTests
{
    private static readonly (string Handler, bool Anonymous, bool Customer, bool Staff, bool Admin)[] AddCustomerRows =
    [
        ("add-customer.suggest", false, false, true, true),
        ("add-customer.check-user", false, false, true, true),
        ("add-customer.preview", false, false, true, true),
        ("add-customer.apply", false, false, true, true),
        ("add-customer.re-attach", false, false, true, true),
    ];

    private async Task AddCustomerHandlerAsync(CircuitHarness circuit, TestAccount? account, string handler, bool allowed)
    {
        var panel = world.Panel;
        circuit.Context.Services.AddSingleton(panel.Services.GetRequiredService<SftpJail.Web.Executor.ExecutorConnection>());
        if (handler == "add-customer.re-attach")
        {
            await ReAttachAsync(circuit, account, allowed);
            return;
        }

        var domain = panel.Unique("mxadd") + ".test";
        await circuit.SignInAsync(world.Staff);
        var page = circuit.Render<AddCustomerPage>();
        Func<Task<bool>> acted;
        switch (handler)
        {
            case "add-customer.suggest":
                await circuit.SignInAsync(account);
                TypeInto(page, "domain", domain);
                if (allowed)
                {
                    page.WaitForAssertion(() => Assert.Equal(domain.Split('.')[0], page.Find("div[data-field=username] input").GetAttribute("placeholder")), Wait);
                }

                acted = () => Task.FromResult(page.Find("div[data-field=username] input").GetAttribute("placeholder") is { Length: > 0 });
                break;
            case "add-customer.check-user":
                // A read: a refused tab must not learn whether the name is taken.
                await circuit.SignInAsync(account);
                TypeInto(page, "username", world.TargetUserName);
                acted = () => Task.FromResult(page.Markup.Contains("is already an SFTP user here", StringComparison.Ordinal));
                break;
            case "add-customer.preview":
                await FillAsync(page, domain);
                var plans = panel.Executor.Calls.Count(c => c == "plan");
                await circuit.SignInAsync(account);
                await page.Find("[data-preview]").ClickAsync(new());
                acted = () => Task.FromResult(page.FindAll("[data-preview-panel]").Count == 1 && panel.Executor.Calls.Count(c => c == "plan") > plans);
                break;
            case "add-customer.apply":
                await FillAsync(page, domain);
                await page.Find("[data-preview]").ClickAsync(new());
                page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-apply]")), Wait);
                await circuit.SignInAsync(account);
                await page.Find("[data-apply]").ClickAsync(new());
                acted = () => SitePageActions.ReadAsync(panel, db => db.Sites.AnyAsync(s => s.Domain == domain));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(handler), handler, null);
        }

        if (!allowed)
        {
            page.WaitForAssertion(() => Assert.Contains("no longer allowed", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        }

        await AssertEventuallyAsync(acted, allowed);
    }

    /// <summary>Its own account's finished apply, one-time password and all: only current Staff or Admin may see it.</summary>
    private async Task ReAttachAsync(CircuitHarness circuit, TestAccount? account, bool allowed)
    {
        var secret = "Matrix-secret-" + Guid.NewGuid().ToString("N");
        var tracker = world.Panel.Services.GetRequiredService<ApplyTracker>();
        var apply = tracker.Start(ApplyKind.AddCustomer, account?.Id ?? world.Staff.Id, "matrix", secret, (_, _) => Task.FromResult(new ApplyOutcome(true, null, [], null, "x.test", "x")));
        await tracker.RunOf(apply.Id)!.WaitAsync(Wait);
        await circuit.SignInAsync(account);

        var page = circuit.Render<AddCustomerPage>($"sites/add?apply={apply.Id}");

        if (allowed)
        {
            page.WaitForAssertion(() => Assert.Equal(secret, page.Find("[data-handover-row=password] [data-value]").TextContent.Trim()), Wait);
        }
        else
        {
            page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-refusal]")), Wait);
            Assert.Empty(page.FindAll("[data-handover]"));
            Assert.DoesNotContain(secret, circuit.Markup, StringComparison.Ordinal);
            Assert.Equal(secret, apply.PeekSecrets().SftpPassword);
        }
    }

    private static async Task FillAsync(IRenderedComponent<AddCustomerPage> page, string domain)
    {
        TypeInto(page, "domain", domain);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
        await Task.Yield();
    }

    private static void TypeInto(IRenderedComponent<AddCustomerPage> page, string field, string text) =>
        page.Find($"div[data-field={field}] input").Input(text);
}
