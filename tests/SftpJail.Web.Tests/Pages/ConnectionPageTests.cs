using System.Net;
using System.Xml.Linq;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

public sealed class ConnectionPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task A_customer_sees_host_port_username_fingerprint_command_and_url()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var page = await customer.GetPageAsync($"/connect/{site.Id}");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("localhost", page.Document.QuerySelector("[data-host]")?.TextContent.Trim());
        Assert.Equal("2222", page.Document.QuerySelector("[data-port]")?.TextContent.Trim());
        Assert.Equal(site.UserName, page.Document.QuerySelector("[data-username]")?.TextContent.Trim());
        Assert.Equal(FakeExecutor.Ed25519.Fingerprint, page.Document.QuerySelector("[data-fingerprint]")?.TextContent.Trim());
        Assert.Equal($"sftp -P 2222 {site.UserName}@localhost", page.Document.QuerySelector("[data-command]")?.TextContent.Trim());
        Assert.Equal($"sftp://{site.UserName}@localhost:2222/", page.Document.QuerySelector("[data-sftp-url]")?.TextContent.Trim());
        Assert.Contains("html/", page.Text(), StringComparison.Ordinal);
        Assert.Equal($"http://{site.Domain}/", page.Document.QuerySelector("[data-site-url]")?.TextContent.Trim());
    }

    [Fact]
    public async Task The_filezilla_file_names_the_server_and_user_and_never_a_password()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var response = await customer.GetAsync($"/connect/{site.Id}/filezilla.xml?user={site.UserName}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var server = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Element("Servers")!.Element("Server")!;
        Assert.Equal("localhost", server.Element("Host")!.Value);
        Assert.Equal("2222", server.Element("Port")!.Value);
        Assert.Equal("1", server.Element("Protocol")!.Value);
        Assert.Equal(site.UserName, server.Element("User")!.Value);
        Assert.Null(server.Element("Pass"));
    }

    [Fact]
    public async Task A_customer_changes_their_sftp_password_through_the_executor_and_it_is_audited()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        var page = await customer.GetPageAsync($"/connect/{site.Id}");
        var handler = page.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).Single(v => v.StartsWith("password-", StringComparison.Ordinal));
        var applies = panel.Executor.ApplyCount;

        var weak = await customer.SubmitAsync(page, handler, new Dictionary<string, string> { ["Credentials.Password"] = "password12345" });
        Assert.Equal(HttpStatusCode.OK, weak.Status);
        Assert.Equal(applies, panel.Executor.ApplyCount);

        var chosen = await customer.SubmitAsync(page, handler, new Dictionary<string, string> { ["Credentials.Password"] = "violet-Canyon-anchor-58" });
        var after = await customer.FollowAsync(chosen);

        Assert.Contains("password", after.Flash(), StringComparison.OrdinalIgnoreCase);
        Assert.Null(after.Flash(PanelClient.FlashSelector.Secret));
        Assert.Equal(applies + 1, panel.Executor.ApplyCount);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Actor == $"panel:{site.Customer!.Email}" && e.Target.Contains(site.UserName, StringComparison.Ordinal));
    }

    private const string LaptopKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICOih2Z79UCLEYbtl9/yhOzyO/5ozZj2VgQX/NMKapGM laptop@test";

    [Fact]
    public async Task A_customer_adds_and_removes_an_ssh_key_on_their_page()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        var page = await customer.GetPageAsync($"/connect/{site.Id}");
        var addHandler = page.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).Single(v => v.StartsWith("add-key-", StringComparison.Ordinal));

        var added = await customer.FollowAsync(await customer.SubmitAsync(page, addHandler, new Dictionary<string, string> { ["Credentials.KeyText"] = LaptopKey }));

        var key = added.Document.QuerySelector("[data-key]");
        Assert.NotNull(key);
        Assert.StartsWith("SHA256:", key.GetAttribute("data-key"), StringComparison.Ordinal);
        Assert.Contains("laptop@test", key.TextContent, StringComparison.Ordinal);
        var removeHandler = added.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).Single(v => v.StartsWith("remove-key-", StringComparison.Ordinal));

        var removed = await customer.FollowAsync(await customer.SubmitAsync(added, removeHandler));

        Assert.Null(removed.Document.QuerySelector("[data-key]"));
        Assert.Contains("was removed", removed.Flash(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pasted_key_that_is_not_a_key_is_refused_with_the_parsers_message()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        var page = await customer.GetPageAsync($"/connect/{site.Id}");
        var handler = page.Document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")!).Single(v => v.StartsWith("add-key-", StringComparison.Ordinal));
        var applies = panel.Executor.ApplyCount;

        var refused = await customer.SubmitAsync(page, handler, new Dictionary<string, string> { ["Credentials.KeyText"] = "command=\"/bin/sh\" ssh-ed25519 AAAA" });

        Assert.Equal(HttpStatusCode.OK, refused.Status);
        Assert.NotEmpty(refused.ValidationMessages());
        Assert.Equal(applies, panel.Executor.ApplyCount);
    }
}

public sealed class AdminPagesTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task The_host_page_shows_the_sshd_its_host_keys_and_the_last_apply()
    {
        // The prerendered page; its drift check and apply are HostPageCircuitTests' (they run in the circuit).
        await panel.AddCustomerAsync(withLogin: false);
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());
        var host = await admin.GetPageAsync("/host");
        Assert.Equal("ok", host.Document.QuerySelector("[data-executor-health]")?.GetAttribute("data-executor-health"));
        Assert.Equal("2222", host.Document.QuerySelector("[data-sshd-port]")?.TextContent.Trim());
        Assert.Equal(FakeExecutor.Ed25519.Fingerprint, host.Document.QuerySelector("[data-fingerprint]")?.TextContent.Trim());
        Assert.Equal("applied", host.Document.QuerySelector("[data-last-apply]")?.GetAttribute("data-last-apply"));
    }

    [Fact]
    public async Task The_audit_export_filters_by_site_exactly()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var csv = await admin.GetAsync($"/audit/export.csv?site={site.Domain}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,at,actor,action,target", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains(site.Domain, StringComparison.Ordinal));
    }
}
