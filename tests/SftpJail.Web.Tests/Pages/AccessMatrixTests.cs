using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Every page for every kind of visitor: the status each one must get, straight from the server (no redirects followed).</summary>
public sealed class AccessMatrixTests(AccessMatrixTests.World world) : IClassFixture<AccessMatrixTests.World>
{
    private const int Ok = 200, Redirect = 302, Forbidden = 403, NotFound = 404;

    public static TheoryData<string, string, int> Matrix()
    {
        // path, role, expected status. {own} is customer A's site, {other} customer B's (by id; {owndomain} and
        // {otherdomain} by domain), {user} A's SFTP user.
        var rows = new (string Path, int Anonymous, int Customer, int Staff, int Admin)[]
        {
            ("/", Ok, Redirect, Ok, Ok),
            ("/Account/Login", Ok, Ok, Ok, Ok),
            ("/Account/Manage", Redirect, Ok, Ok, Ok),
            ("/Account/Manage/EnableAuthenticator", Redirect, Ok, Ok, Ok),
            ("/sites", Redirect, Forbidden, Ok, Ok),
            ("/sites?q=shop&sort=status&desc=true&page=2", Redirect, Forbidden, Ok, Ok),
            ("/sites/add", Redirect, Forbidden, Ok, Ok),
            ("/sites/import", Redirect, Forbidden, Ok, Ok),
            ("/sites/export.csv", Redirect, Forbidden, Ok, Ok),
            ("/sites/export.json", Redirect, Forbidden, Ok, Ok),
            ("/sites/{own}", Redirect, Forbidden, Ok, Ok),
            ("/sites/987654", Redirect, Forbidden, NotFound, NotFound),
            ("/sites/{own}/activity", Redirect, Forbidden, Ok, Ok),
            ("/sites/{own}/activity?user=x&kind=Upload&path=a&page=3&live=1", Redirect, Forbidden, Ok, Ok),
            ("/sites/987654/activity", Redirect, Forbidden, NotFound, NotFound),
            ("/host", Redirect, Forbidden, Forbidden, Ok),
            ("/host/ssh", Redirect, Forbidden, Forbidden, Ok),
            ("/host/ssh?admin=opsadmin&user=shop1", Redirect, Forbidden, Forbidden, Ok),
            ("/sites/selection.csv", Redirect, Forbidden, Ok, Ok),
            ("/sites/selection.csv?d={owndomain}&d={otherdomain}", Redirect, Forbidden, Ok, Ok),
            ("/audit", Redirect, Forbidden, Forbidden, Ok),
            ("/audit/export.csv", Redirect, Forbidden, Forbidden, Ok),
            ("/accounts", Redirect, Forbidden, Forbidden, Ok),
            ("/accounts?q=example", Redirect, Forbidden, Forbidden, Ok),
            ("/accounts/tokens", Redirect, Forbidden, Forbidden, Ok),
            ("/Account/ChangePassword", Redirect, Ok, Ok, Ok),
            ("/connect", Redirect, Ok, Redirect, Redirect),
            ("/connect/{own}", Redirect, Ok, Ok, Ok),
            ("/connect/{other}", Redirect, NotFound, Ok, Ok),
            ("/connect/987654", Redirect, NotFound, NotFound, NotFound),
            ("/connect/{own}/filezilla.xml", Redirect, Ok, Ok, Ok),
            ("/connect/{other}/filezilla.xml", Redirect, NotFound, Ok, Ok),
            ("/setup", NotFound, NotFound, NotFound, NotFound),
            ("/setup?token=guessed", NotFound, NotFound, NotFound, NotFound),
            ("/no-such-page", NotFound, NotFound, NotFound, NotFound),
        };

        var data = new TheoryData<string, string, int>();
        foreach (var row in rows)
        {
            data.Add(row.Path, "anonymous", row.Anonymous);
            data.Add(row.Path, "customer", row.Customer);
            data.Add(row.Path, "staff", row.Staff);
            data.Add(row.Path, "admin", row.Admin);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Each_page_answers_each_role_as_designed(string path, string role, int expected)
    {
        var client = world.ClientFor(role);

        var response = await client.GetAsync(world.Resolve(path));

        Assert.True((int)response.StatusCode == expected, $"{role} GET {world.Resolve(path)}: expected {expected}, got {(int)response.StatusCode} {response.Headers.Location}");
        if (expected == Redirect && role == "anonymous")
        {
            Assert.StartsWith("/Account/Login", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_customer_only_lists_its_own_sites()
    {
        var page = await world.ClientFor("customer").GetPageAsync("/connect");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector($"[data-site='{world.Own.Domain}']"));
        Assert.Null(page.Document.QuerySelector($"[data-site='{world.Other.Domain}']"));
    }

    [Fact]
    public async Task A_customer_cannot_change_the_password_of_another_customers_user()
    {
        var customer = world.ClientFor("customer");
        var auditBefore = (await world.Factory.AuditEntriesAsync()).Count;
        var ownPage = await customer.GetPageAsync($"/connect/{world.Own.Id}");
        var token = ownPage.Document.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

        // Whatever user id the attacker guesses for the form handler, the other site's page does not exist for them.
        for (var userId = 1; userId <= 6; userId++)
        {
            var response = await customer.PostAsync($"/connect/{world.Other.Id}", new Dictionary<string, string>
            {
                ["_handler"] = $"password-{userId}",
                ["__RequestVerificationToken"] = token,
                ["Credentials.Password"] = "An-attacker-chose-this-1",
            });

            Assert.True(response.Status is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"handler password-{userId}: {(int)response.Status}");
        }

        Assert.Equal(auditBefore, (await world.Factory.AuditEntriesAsync()).Count);
        Assert.DoesNotContain("apply", world.Factory.Executor.Calls.Skip(world.AppliesAtStart));
    }

    [Fact]
    public async Task A_customer_gets_no_rows_of_the_selection_export_not_even_its_own_site()
    {
        var response = await world.ClientFor("customer").GetAsync(world.Resolve("/sites/selection.csv?d={owndomain}&d={otherdomain}"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(world.Other.Domain, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(world.Own.Domain, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("first_user", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_selection_export_has_one_row_per_chosen_site_and_nothing_else()
    {
        // Upper case and padded as a hand-edited link might be, one domain twice and one that does not exist.
        var query = $"d={Uri.EscapeDataString(" " + world.Other.Domain.ToUpperInvariant() + " ")}&d={Uri.EscapeDataString(world.Own.Domain)}"
            + $"&d={Uri.EscapeDataString(world.Own.Domain)}&d=no-such-site.example.net&d=";
        var response = await world.ClientFor("staff").GetAsync("/sites/selection.csv?" + query);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"sftpjail-sites-", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var rows = new[] { world.Own, world.Other }.Select(s => $"{s.Domain},Applied,1,{s.UserName},{s.Customer!.Email},,<time>").Order(StringComparer.Ordinal);
        string[] expected = ["domain,status,users,first_user,customer,disk_limit_mib,last_applied", .. rows, ""];
        Assert.Equal(expected, lines.Select(StripTime));
    }

    [Fact]
    public async Task The_selection_export_of_nothing_is_the_header_alone()
    {
        var response = await world.ClientFor("admin").GetAsync("/sites/selection.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("domain,status,users,first_user,customer,disk_limit_mib,last_applied\r\n", await response.Content.ReadAsStringAsync());
    }

    private static string StripTime(string line) =>
        System.Text.RegularExpressions.Regex.Replace(line, @",\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", ",<time>");

    public sealed class World : IAsyncLifetime
    {
        private readonly Dictionary<string, PanelClient> clients = [];

        public PanelFactory Factory { get; } = new();

        public TestSite Own { get; private set; } = default!;

        public TestSite Other { get; private set; } = default!;

        public int AppliesAtStart { get; private set; }

        public PanelClient ClientFor(string role) => clients[role];

        public string Resolve(string path) => path
            .Replace("{owndomain}", Uri.EscapeDataString(Own.Domain), StringComparison.Ordinal)
            .Replace("{otherdomain}", Uri.EscapeDataString(Other.Domain), StringComparison.Ordinal)
            .Replace("{own}", Own.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{other}", Other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{user}", Own.UserName, StringComparison.Ordinal);

        public async Task InitializeAsync()
        {
            Own = await Factory.AddCustomerAsync();
            Other = await Factory.AddCustomerAsync();
            clients["anonymous"] = Factory.Anonymous();
            clients["customer"] = await Factory.LoginAsAsync(Own.Customer!);
            clients["staff"] = await Factory.LoginAsAsync(await Factory.CreateStaffAsync());
            clients["admin"] = await Factory.LoginAsAsync(await Factory.CreateAdminAsync());
            AppliesAtStart = Factory.Executor.Calls.Count;
        }

        public async Task DisposeAsync()
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }

            await Factory.DisposeAsync();
        }
    }
}
