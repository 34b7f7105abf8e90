using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The import page: upload, per-row errors or the plan, then Apply tied to that plan; passwords shown once.</summary>
public sealed class ImportSitesPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    private const string Header = "domain,user,password,key,read_only,customer_email\n";

    [Fact]
    public async Task An_upload_with_bad_rows_lists_each_by_line_offers_no_apply_and_changes_nothing()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var a = panel.Unique("imp");
        var csv = Header + $"{a}.example,{a},a-long-password-1,,,\nbad domain,{a}b,,,,\n{a}c.example,{a},,,,\n";
        var sitesBefore = await panel.CountSitesAsync();

        var page = await UploadAsync(staff, await staff.GetPageAsync("/sites/import"), csv, "sites.csv");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var errors = page.Document.QuerySelectorAll("[data-import-error]").Select(e => e.TextContent.Trim()).ToList();
        Assert.Equal(2, errors.Count);
        Assert.StartsWith("line 3: domain:", errors[0], StringComparison.Ordinal);
        Assert.Equal($"line 4: user: {a} is already on line 2; a user name is one account on the host.", errors[1]);
        Assert.Null(page.Document.QuerySelector("[data-apply]"));
        Assert.Equal(sitesBefore, await panel.CountSitesAsync());
        Assert.DoesNotContain("a-long-password-1", page.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_clean_upload_previews_then_apply_adds_every_site_and_shows_generated_passwords_once()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var a = panel.Unique("impok");
        var csv = Header + $"{a}1.example,{a}1,a-typed-password-1,,,\n{a}2.example,{a}2,,,true,\n";
        var appliesBefore = panel.Executor.ApplyCount;

        var preview = await UploadAsync(staff, await staff.GetPageAsync("/sites/import"), csv, "sites.csv");

        Assert.NotNull(preview.Document.QuerySelector($"[data-import-site='{a}1.example']"));
        Assert.NotNull(preview.Document.QuerySelector($"[data-import-site='{a}2.example']"));
        Assert.NotNull(preview.Document.QuerySelector("[data-apply]"));
        Assert.DoesNotContain("a-typed-password-1", preview.Html, StringComparison.Ordinal);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);

        var applied = await staff.SubmitAsync(preview, "import-sites", new Dictionary<string, string> { ["Input.Step"] = "apply" });

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.NotNull(applied.Document.QuerySelector("[data-import-applied]"));
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);
        var shown = applied.Document.QuerySelector($"[data-generated-password='{a}2']")!.TextContent.Trim();
        Assert.Equal(shown, panel.Executor.LastPasswords.Single(p => p.UserName == $"{a}2").Password);
        Assert.Null(applied.Document.QuerySelector($"[data-generated-password='{a}1']"));
        Assert.DoesNotContain("a-typed-password-1", applied.Html, StringComparison.Ordinal);
        Assert.Null(applied.Document.QuerySelector($"input[value='{shown}']"));
        var audit = await panel.AuditEntriesAsync();
        Assert.Contains(audit, e => e.Action == "site.import" && e.Result == "applied");

        // The ticket is spent: the same form cannot apply twice.
        var again = await staff.SubmitAsync(preview, "import-sites", new Dictionary<string, string> { ["Input.Step"] = "apply" });
        Assert.Equal(appliesBefore + 1, panel.Executor.ApplyCount);
        Assert.Contains("Choose a file", again.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_is_refused_when_the_state_changed_since_the_preview()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        var a = panel.Unique("impstale");
        var preview = await UploadAsync(staff, await staff.GetPageAsync("/sites/import"), Header + $"{a}.example,{a},a-long-password-9,,,\n", "sites.csv");
        await panel.AddCustomerAsync(withLogin: false);
        var appliesBefore = panel.Executor.ApplyCount;

        var page = await staff.SubmitAsync(preview, "import-sites", new Dictionary<string, string> { ["Input.Step"] = "apply" });

        Assert.Contains("preview again", page.Text(), StringComparison.Ordinal);
        Assert.Equal(appliesBefore, panel.Executor.ApplyCount);
    }

    [Fact]
    public async Task Export_downloads_the_import_format_for_staff_and_customers_get_403()
    {
        var site = await panel.AddCustomerAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());
        using var customer = await panel.LoginAsAsync(await panel.CreateCustomerAsync());

        var csv = await staff.GetAsync("/sites/export.csv");
        var json = await staff.GetAsync("/sites/export.json");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("domain,user,password,key,read_only,customer_email\n", text, StringComparison.Ordinal);
        Assert.Contains(site.Domain, text, StringComparison.Ordinal);
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString() ?? csv.Headers.GetValues("Content-Disposition").First(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/sites/export.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/sites/import")).StatusCode);
    }

    /// <summary>Submits the import form as a browser does: every named field of the form, plus the file, multipart.</summary>
    private static async Task<PanelClient.Page> UploadAsync(PanelClient client, PanelClient.Page page, string content, string fileName)
    {
        var form = page.Form("import-sites");
        using var body = new MultipartFormDataContent();
        foreach (var element in form.QuerySelectorAll("input[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            var value = element switch
            {
                IHtmlInputElement { Type: "file" or "submit" } => null,
                IHtmlInputElement input => input.Value,
                IHtmlSelectElement select => select.Value,
                _ => null,
            };
            if (value is not null)
            {
                body.Add(new StringContent(value), name);
            }
        }

        body.Add(new StringContent("preview"), "Input.Step");
        body.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(content)), "importfile", fileName);
        var response = await client.Http.PostAsync(page.Path, body);
        return await PanelClient.Page.ReadAsync(page.Path, response);
    }
}
