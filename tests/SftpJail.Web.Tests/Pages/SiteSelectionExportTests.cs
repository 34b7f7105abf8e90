using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The sites grid's bulk Export (<c>/sites/selection.csv</c>): the selected rows only, and only for Staff and Admin.</summary>
public sealed class SiteSelectionExportTests(SiteSelectionExportTests.World world) : IClassFixture<SiteSelectionExportTests.World>
{
    [Theory]
    [InlineData("staff")]
    [InlineData("admin")]
    public async Task Staff_and_admins_get_exactly_the_selected_rows_in_domain_order(string role)
    {
        var client = role == "staff" ? world.Staff : world.Admin;

        var response = await client.GetAsync("/sites/selection.csv?d=exp-b.example.org&d=EXP-A.example.org&d=unknown.example.org&d=exp-a.example.org");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("attachment;", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("domain,status,users,first_user,customer,disk_limit_mib,last_applied", lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.Equal($"exp-a.example.org,Disabled,1,{world.A.UserName},{world.A.Customer!.Email},,{world.AppliedA}", lines[1]);
        Assert.Equal($"exp-b.example.org,Applied,1,{world.B.UserName},,1024,{world.AppliedB}", lines[2]);
    }

    [Fact]
    public async Task No_selection_is_the_header_alone()
    {
        var body = await (await world.Staff.GetAsync("/sites/selection.csv")).Content.ReadAsStringAsync();

        Assert.Equal("domain,status,users,first_user,customer,disk_limit_mib,last_applied\r\n", body);
    }

    [Fact]
    public async Task A_customer_is_forbidden_and_an_anonymous_visitor_sent_to_log_in()
    {
        var customer = await world.Customer.GetAsync($"/sites/selection.csv?d={world.A.Domain}");
        var anonymous = await world.Anonymous.GetAsync($"/sites/selection.csv?d={world.A.Domain}");

        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        Assert.DoesNotContain(world.A.Domain, await customer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/Account/Login", anonymous.Headers.Location!.IsAbsoluteUri ? anonymous.Headers.Location.PathAndQuery : anonymous.Headers.Location.OriginalString, StringComparison.Ordinal);
    }

    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Factory { get; } = new();

        public TestSite A { get; private set; } = default!;

        public TestSite B { get; private set; } = default!;

        public string AppliedA { get; private set; } = "";

        public string AppliedB { get; private set; } = "";

        public PanelClient Staff { get; private set; } = default!;

        public PanelClient Admin { get; private set; } = default!;

        public PanelClient Customer { get; private set; } = default!;

        public PanelClient Anonymous { get; private set; } = default!;

        public async Task InitializeAsync()
        {
            A = await Factory.AddCustomerAsync("exp-a.example.org");
            B = await Factory.AddCustomerAsync("exp-b.example.org", withLogin: false);
            await using (var scope = Factory.Services.CreateAsyncScope())
            {
                var sites = scope.ServiceProvider.GetRequiredService<ISiteService>();
                Assert.True((await sites.SetSiteEnabledAsync(A.Domain, false, new Actor("test:fixture"))).Succeeded);
                Assert.True((await sites.SetDiskLimitAsync(B.Domain, "1G", new Actor("test:fixture"))).Succeeded);
                var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
                AppliedA = Iso((await db.Sites.SingleAsync(s => s.Domain == A.Domain)).LastAppliedAt);
                AppliedB = Iso((await db.Sites.SingleAsync(s => s.Domain == B.Domain)).LastAppliedAt);
            }

            Staff = await Factory.LoginAsAsync(await Factory.CreateStaffAsync());
            Admin = await Factory.LoginAsAsync(await Factory.CreateAdminAsync());
            Customer = await Factory.LoginAsAsync(A.Customer!);
            Anonymous = Factory.Anonymous();
        }

        private static string Iso(DateTimeOffset? at) =>
            at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) ?? "";

        public async Task DisposeAsync()
        {
            foreach (var client in new[] { Staff, Admin, Customer, Anonymous })
            {
                client?.Dispose();
            }

            await Factory.DisposeAsync();
        }
    }
}
