using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Staff give an existing site's connection page to a Customer account, and to nobody else.</summary>
public sealed class SiteCustomerTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Attaching_a_customer_shows_them_the_site_and_not_another_customer()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var owner = await panel.CreateCustomerAsync();
        var other = await panel.CreateCustomerAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var posted = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-customer", new Dictionary<string, string> { ["Customer.Email"] = owner.Email });
        var page = await staff.FollowAsync(posted);

        Assert.Contains(owner.Email, page.Flash(), StringComparison.Ordinal);
        Assert.Contains(await panel.AuditEntriesAsync(), e => e.Action == "site.customer.attach" && e.Target == site.Domain && e.Result == "recorded");
        using var ownerClient = await panel.LoginAsAsync(owner);
        using var otherClient = await panel.LoginAsAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"/connect/{site.Id}")).StatusCode);
        Assert.Contains(site.Domain, (await ownerClient.GetPageAsync("/connect")).Text(), StringComparison.Ordinal);
        Assert.Contains((await otherClient.GetAsync($"/connect/{site.Id}")).StatusCode, new[] { HttpStatusCode.Forbidden, HttpStatusCode.NotFound });
        Assert.DoesNotContain(site.Domain, (await otherClient.GetPageAsync("/connect")).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_staff_account_is_not_attached_as_a_customer()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var colleague = await panel.CreateStaffAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var page = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-customer", new Dictionary<string, string> { ["Customer.Email"] = colleague.Email });

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("not a Customer account", string.Join(" | ", page.ValidationMessages()), StringComparison.Ordinal);
        Assert.DoesNotContain(await panel.AuditEntriesAsync(), e => e.Action == "site.customer.attach" && e.Target == site.Domain);
    }

    [Fact]
    public async Task A_new_customer_can_be_created_by_email_and_sees_the_site()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var email = $"{panel.Unique("newcust")}@example.test";
        var usersBefore = await panel.CountPanelUsersAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var refused = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-customer", new Dictionary<string, string> { ["Customer.Email"] = email });
        var posted = await staff.SubmitAsync($"/sites/{site.Id}/classic", "set-customer", new Dictionary<string, string> { ["Customer.Email"] = email, ["Customer.Create"] = "true" });
        var page = await staff.FollowAsync(posted);

        Assert.Contains("no account", string.Join(" | ", refused.ValidationMessages()), StringComparison.Ordinal);
        var password = page.Flash(PanelClient.FlashSelector.Secret);
        Assert.False(string.IsNullOrEmpty(password));
        Assert.Equal(usersBefore + 2, await panel.CountPanelUsersAsync());
        using var customer = await panel.LoginAsAsync(new TestAccount("", email, password!, "Customer"));
        Assert.Equal(HttpStatusCode.OK, (await customer.GetAsync($"/connect/{site.Id}")).StatusCode);
    }

    [Fact]
    public async Task Attaching_a_customer_without_the_antiforgery_token_is_rejected()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var owner = await panel.CreateCustomerAsync();
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var response = await staff.PostAsync($"/sites/{site.Id}/classic", new Dictionary<string, string> { ["_handler"] = "set-customer", ["Customer.Email"] = owner.Email });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.DoesNotContain(await panel.AuditEntriesAsync(), e => e.Action == "site.customer.attach" && e.Target == site.Domain);
    }
}
