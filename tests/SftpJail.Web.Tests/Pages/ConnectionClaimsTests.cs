using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using SftpJail.Core.Contract;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The connection page says only what the host backs up; staff are told when the SFTP host name is a guess.</summary>
public sealed class ConnectionClaimsTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Without_a_managed_web_server_the_page_claims_no_published_address()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        panel.Executor.Web = null;
        try
        {
            var page = await customer.GetPageAsync($"/connect/{site.Id}");

            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.Null(page.Document.QuerySelector("[data-site-url]"));
            Assert.DoesNotContain("published at", page.Text(), StringComparison.Ordinal);
            Assert.Contains("html/", page.Text(), StringComparison.Ordinal);
        }
        finally
        {
            panel.Executor.Web = FakeExecutor.SystemNginx;
        }
    }

    [Fact]
    public async Task A_dedicated_web_server_on_its_own_port_is_named_with_that_port()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);
        panel.Executor.Web = new WebServerInfo("Nginx", "Dedicated", "127.0.0.1", 8081, null);
        try
        {
            var page = await customer.GetPageAsync($"/connect/{site.Id}");

            Assert.Equal($"http://{site.Domain}:8081/", page.Document.QuerySelector("[data-site-url]")?.TextContent.Trim());
            Assert.Equal($"http://{site.Domain}:8081/", page.Document.QuerySelector("[data-site-url]")?.GetAttribute("href"));
        }
        finally
        {
            panel.Executor.Web = FakeExecutor.SystemNginx;
        }
    }

    [Fact]
    public async Task The_hosts_own_web_server_on_port_80_is_named_without_a_port()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var page = await customer.GetPageAsync($"/connect/{site.Id}");

        Assert.Equal($"http://{site.Domain}/", page.Document.QuerySelector("[data-site-url]")?.TextContent.Trim());
    }

    [Fact]
    public async Task A_customer_is_not_shown_the_staff_warning_about_the_host_name()
    {
        var site = await panel.AddCustomerAsync();
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var page = await customer.GetPageAsync($"/connect/{site.Id}");

        Assert.Null(page.Document.QuerySelector("[data-sftp-host-unset]"));
    }

    [Fact]
    public async Task Staff_are_warned_on_the_connection_page_that_the_host_is_taken_from_the_request()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var page = await staff.GetPageAsync($"/connect/{site.Id}");

        Assert.Equal("localhost", page.Document.QuerySelector("[data-host]")?.TextContent.Trim());
        var warning = page.Document.QuerySelector("[data-sftp-host-unset]")?.TextContent;
        Assert.NotNull(warning);
        Assert.Contains("Panel:SftpHostName", warning, StringComparison.Ordinal);
        Assert.Contains("localhost", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_are_warned_on_the_host_page_when_the_sftp_host_name_is_unset()
    {
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var page = await admin.GetPageAsync("/host");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Panel:SftpHostName", page.Document.QuerySelector("[data-sftp-host-unset]")?.TextContent, StringComparison.Ordinal);
        Assert.Contains("Nginx (system), HTTP on 0.0.0.0 port 80", page.Document.QuerySelector("[data-web-server]")?.TextContent, StringComparison.Ordinal);
    }
}

/// <summary>The same pages with <c>Panel:SftpHostName</c> set: that name is used and nobody is warned.</summary>
public sealed class NamedSftpHostTests(NamedSftpHostPanelFactory panel) : IClassFixture<NamedSftpHostPanelFactory>
{
    [Fact]
    public async Task With_the_sftp_host_name_set_it_is_used_and_no_warning_is_shown()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var admin = await panel.LoginAsAsync(await panel.CreateAdminAsync());

        var connect = await admin.GetPageAsync($"/connect/{site.Id}");
        var host = await admin.GetPageAsync("/host");

        Assert.Equal(NamedSftpHostPanelFactory.HostName, connect.Document.QuerySelector("[data-host]")?.TextContent.Trim());
        Assert.Null(connect.Document.QuerySelector("[data-sftp-host-unset]"));
        Assert.Null(host.Document.QuerySelector("[data-sftp-host-unset]"));
    }
}

public sealed class NamedSftpHostPanelFactory : PanelFactory
{
    public const string HostName = "sftp.hosting.example";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Panel:SftpHostName"] = HostName }));
    }
}
