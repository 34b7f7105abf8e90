using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using SftpJail.Web.Components.Pages.Sites.BulkImport;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// The interactive import page in a bUnit circuit over the real panel (its SQLite file, the CLI's importer) and the
/// fake executor: bad rows by line and nothing changed, the preview, Apply tied to it as one batch with its progress,
/// generated passwords once. In the add-customer collection: applies go through the process-wide apply gate.
/// </summary>
[Collection(AddCustomerPageCollection.Name)]
public sealed class ImportSitesPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string Header = "domain,user,password,key,read_only,customer_email\n";
    private const string Ed25519Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl alice@laptop";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>Row <c>i</c> (on line i + 2): a typed password, a generated one, or a key, every tenth read-only.</summary>
    private static string GoodRow(string stem, int i) =>
        $"{stem}-{i}.example,{stem}u{i},{(i % 3 == 0 ? $"typed-password-{stem}-{i}" : "")},{(i % 3 == 2 ? Ed25519Key : "")},{(i % 10 == 0 ? "true" : "")},\n";

    [Fact]
    public async Task Two_hundred_rows_with_five_bad_change_nothing_and_report_each_by_line_then_fixed_they_apply_in_one_batch()
    {
        var stem = panel.Unique("bulk");
        var bad = new Dictionary<int, string>
        {
            [10] = $"bad domain,{stem}u10,,,,\n",
            [50] = $"{stem}-50.example,{stem}u49,,,,\n",
            [90] = $"{stem}-90.example,{stem}u90,,,maybe,\n",
            [130] = $"{stem}-130.example,{stem}u130,,ssh-ed25519 not-base64!!,,\n",
            [170] = $"{stem}-170.example,{stem}u170,,,,not-an-email\n",
        };
        var rows = Enumerable.Range(0, 200).Select(i => bad.GetValueOrDefault(i) ?? GoodRow(stem, i)).ToList();
        var sitesBefore = await panel.CountSitesAsync();
        var appliesBefore = panel.Executor.ApplyCount;
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<ImportSitesPage>();

        Upload(page, Header + string.Concat(rows), "sites.csv");

        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-import-error]").Count), Wait);
        var errors = page.FindAll("[data-import-error]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(["12", "52", "92", "132", "172"], page.FindAll("[data-import-error]").Select(e => e.GetAttribute("data-import-error")));
        Assert.All(errors.Zip([12, 52, 92, 132, 172]), e => Assert.StartsWith($"line {e.Second}: ", e.First, StringComparison.Ordinal));
        Assert.Contains("user: ", errors[1], StringComparison.Ordinal);
        Assert.Contains("5 of 200 rows cannot be imported", page.Find("[data-import-errors-summary]").TextContent, StringComparison.Ordinal);
        Assert.Equal(195, page.FindAll("[data-import-row]").Count);
        Assert.Empty(page.FindAll("[data-apply]"));
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
        Assert.DoesNotContain($"typed-password-{stem}-3", page.Markup, StringComparison.Ordinal);

        foreach (var i in bad.Keys)
        {
            rows[i] = GoodRow(stem, i);
        }

        Upload(page, Header + string.Concat(rows), "sites.csv");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        Assert.Empty(page.FindAll("[data-import-error]"));
        Assert.Equal(200, page.FindAll("[data-import-row]").Count);
        var keyRow = page.Find($"[data-import-row='{stem}u2']");
        Assert.Equal("key", keyRow.QuerySelector("[data-login]")!.TextContent.Trim());
        Assert.Equal("generated password", page.Find($"[data-import-row='{stem}u1'] [data-login]").TextContent.Trim());
        Assert.Contains("yes", page.Find($"[data-import-row='{stem}u10']").TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("[data-preview-panel] [data-diff]"));

        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        Assert.Contains("Imported 200 sites with 200 users in one apply", page.Find("[data-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);
        Assert.Equal(sitesBefore + 200, await panel.CountSitesAsync());
        Assert.NotEmpty(page.FindAll("[data-step-done=true]"));
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "site.import" && e.Result == "applied" && e.Target.StartsWith("200 sites", StringComparison.Ordinal));

        // Generated passwords: one per row without a password or key (i % 3 == 1), each the one the executor set.
        var shown = page.FindAll("[data-generated-password]").ToDictionary(e => e.GetAttribute("data-generated-password")!, e => e.TextContent.Trim());
        Assert.Equal(Enumerable.Range(0, 200).Count(i => i % 3 == 1), shown.Count);
        var set = panel.Executor.LastPasswords.ToDictionary(p => p.UserName, p => p.Password);
        Assert.All(shown, p => Assert.Equal(set[p.Key], p.Value));
        Assert.False(shown.ContainsKey($"{stem}u0"));
        var one = shown[$"{stem}u1"];

        await page.Find("[data-secrets-close]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-secrets-card]")), Wait);
        Assert.DoesNotContain(one, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.LogLines, l => l.Contains(one, StringComparison.Ordinal) || l.Contains($"typed-password-{stem}-3", StringComparison.Ordinal));
        Assert.DoesNotContain((await panel.FullAuditAsync()).Select(e => $"{e.Target} {e.Before} {e.After} {e.Error} {e.Detail}"), e => e.Contains(one, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_is_refused_when_the_state_changed_since_the_preview_and_a_new_file_takes_apply_away()
    {
        var stem = panel.Unique("stale");
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<ImportSitesPage>();
        Upload(page, Header + GoodRow(stem, 1), "sites.csv");
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        await panel.AddCustomerAsync(withLogin: false);
        var appliesBefore = panel.Executor.ApplyCount;

        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("failed", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        Assert.Contains("preview again", page.Find("[data-outcome]").TextContent, StringComparison.Ordinal);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);

        await page.Find("[data-back]").ClickAsync(new());
        await page.Find("[data-preview]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-apply]")), Wait);
        Upload(page, Header + GoodRow(stem, 2) + $"bad domain,{stem}x,,,,\n", "other.csv");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-import-error]")), Wait);
        Assert.Empty(page.FindAll("[data-apply]"));
    }

    [Fact]
    public async Task Pasted_json_naming_a_new_customer_creates_the_login_and_shows_its_password_once()
    {
        var stem = panel.Unique("paste");
        var email = $"{stem}@customers.example";
        var json = $$"""[{"domain": "{{stem}}.example", "user": "{{stem}}", "key": "{{Ed25519Key}}", "read_only": true, "customer_email": "{{email}}"}]""";
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<ImportSitesPage>();

        page.Find("div[data-field=paste] textarea").Change(json);
        page.WaitForAssertion(() => Assert.Contains("JSON", page.Find("[data-import-source]").TextContent, StringComparison.Ordinal), Wait);
        await page.Find("[data-preview]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Contains(email, page.Find("[data-new-customers]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal("key", page.Find($"[data-import-row='{stem}'] [data-login]").TextContent.Trim());
        await page.Find("[data-apply]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("applied", page.Find("[data-outcome]").GetAttribute("data-outcome")), Wait);
        var initial = page.Find($"[data-customer-password='{email}']").TextContent.Trim();
        Assert.NotEmpty(initial);
        Assert.Empty(page.FindAll("[data-generated-password]"));
        var owner = await SitePageActions.ReadAsync(panel, db => db.Sites.Where(s => s.Domain == $"{stem}.example").Select(s => s.CustomerAccount!.Email).SingleAsync());
        Assert.Equal(email, owner);

        await page.Find("[data-secrets-close]").ClickAsync(new());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-secrets-card]")), Wait);
        Assert.DoesNotContain(initial, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.LogLines, l => l.Contains(initial, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_file_over_the_upload_limit_is_refused_unread()
    {
        await using var ctx = await PanelComponentContext.SignedInStaffAsync(panel);
        var page = ctx.Render<ImportSitesPage>();
        var plansBefore = panel.Executor.Calls.Count(c => c == "plan");

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(new byte[ImportSitesPage.MaxUploadBytes + 1], "huge.csv"));

        page.WaitForAssertion(() => Assert.Contains("larger than 2 MiB", page.Find("[data-refusal]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Empty(page.FindAll("[data-import-source]"));
        Assert.Equal(plansBefore, panel.Executor.Calls.Count(c => c == "plan"));
    }

    internal static void Upload(IRenderedComponent<ImportSitesPage> page, string content, string fileName) =>
        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(content), fileName));

}
