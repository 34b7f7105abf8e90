using Bunit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>A jailed user named like one of the groups SftpJail configures would become that group's namesake on the host: refused.</summary>
public sealed class GroupNameClashTests(GroupNameClashTests.Panel panel) : IClassFixture<GroupNameClashTests.Panel>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("opsadm", "admin group")]
    [InlineData("sjcust", "jail group")]
    [InlineData("sjcust-ro", "read-only group")]
    [InlineData("sjcust-keyonly", "key-only group")]
    [InlineData("sjcust-disabled", "disabled group")]
    [InlineData("sjweb", "web server group")]
    public async Task A_username_equal_to_a_configured_group_is_refused_with_a_message(string userName, string which)
    {
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        var page = ctx.Render<AddCustomerPage>();

        page.Find("div[data-field=domain] input").Input($"{panel.Unique("clash")}.example.com");
        page.Find("div[data-field=username] input").Input(userName);
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
        await page.Find("[data-preview]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-plan-error]")), Wait);
        var message = page.Find("[data-plan-error]").TextContent;
        Assert.Contains(userName, message, StringComparison.Ordinal);
        Assert.Contains(which, message, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-apply]"));
        Assert.Equal(0, await panel.CountSitesAsync());
    }

    /// <summary>Preview mode (the real engine parses and plans) with every group name configured.</summary>
    public sealed class Panel : PanelFactory
    {
        private readonly string root = Path.Combine(Path.GetTempPath(), "sjweb-groups-" + Guid.NewGuid().ToString("N")[..8]);

        protected override string ExecutorModeSetting => "Preview";

        protected override void ConfigureExecutor(IServiceCollection services)
        {
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Host:SshdMode"] = "Dedicated",
                ["Host:ListenAddress"] = "127.0.0.1",
                ["Host:Port"] = "2298",
                ["Host:StateDir"] = $"{root}/state",
                ["Host:JailRoot"] = $"{root}/www",
                ["Host:AuthorizedKeysDir"] = $"{root}/keys",
                ["Host:JailGroup"] = "sjcust",
                ["Host:WebGroup"] = "sjweb",
                ["Host:AdminGroup"] = "opsadm",
            }));
        }
    }
}
