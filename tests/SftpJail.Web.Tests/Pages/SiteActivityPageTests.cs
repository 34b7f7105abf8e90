using System.Net;
using SftpJail.Core.Activity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The site's activity page and the customer's own activity, fed by the fake executor with the host test's events.</summary>
public sealed class SiteActivityPageTests(PanelFactory panel) : IClassFixture<PanelFactory>
{
    [Fact]
    public async Task Staff_see_exactly_the_sessions_transfers_with_their_byte_counts()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        panel.Executor.Log(ActivityEvents.Session(site.UserName, ActivityEvents.NextPid()));
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var page = await staff.GetPageAsync($"/sites/{site.Id}/activity");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(
            [
                $"Upload /html/{ActivityEvents.HostileName} {ActivityEvents.UploadBytes}/0",
                "Rmdir /html/d 0/0",
                "Remove /html/d/moved.bin 0/0",
                "Rename /html/up.bin/html/d/moved.bin 0/0",
                "Mkdir /html/d 0/0",
                $"Download /html/up.bin 0/{ActivityEvents.UploadBytes}",
                $"Upload /html/up.bin {ActivityEvents.UploadBytes}/0",
            ],
            Rows(page));
        var last = page.Document.QuerySelector($"[data-last-login='{site.UserName}'] [data-last-success]")!.TextContent;
        Assert.Contains("ok · password · 127.0.0.1", last, StringComparison.Ordinal);
        Assert.NotNull(page.Document.QuerySelector("[data-no-sessions]"));
        Assert.NotNull(page.Document.QuerySelector("[data-activity-sources]"));
    }

    [Fact]
    public async Task The_transfer_log_filters_by_kind_user_and_path_and_pages()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        var pid = ActivityEvents.NextPid();
        panel.Executor.Log(ActivityEvents.Session(site.UserName, pid, close: false));
        panel.Executor.Log([.. Enumerable.Range(0, 60).Select(i => new ActivityEvent(ActivityEventKind.Removed, DateTimeOffset.UtcNow, pid, Path: $"/html/bulk{i:D2}"))]);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var uploads = await staff.GetPageAsync($"/sites/{site.Id}/activity?kind=Upload");
        var byPath = await staff.GetPageAsync($"/sites/{site.Id}/activity?path=moved");
        var otherUser = await staff.GetPageAsync($"/sites/{site.Id}/activity?user=nobody");
        var first = await staff.GetPageAsync($"/sites/{site.Id}/activity?kind=Remove");
        var second = await staff.GetPageAsync($"/sites/{site.Id}/activity?kind=Remove&page=2");

        Assert.Equal(2, Rows(uploads).Count);
        Assert.All(Rows(uploads), r => Assert.StartsWith("Upload ", r, StringComparison.Ordinal));
        Assert.Equal(["Remove /html/d/moved.bin 0/0", "Rename /html/up.bin/html/d/moved.bin 0/0"], Rows(byPath));
        Assert.NotNull(otherUser.Document.QuerySelector("[data-no-transfers]"));
        Assert.Equal(50, Rows(first).Count);
        Assert.NotNull(first.Document.QuerySelector("[data-transfer-pager]"));
        Assert.Equal(11, Rows(second).Count);
    }

    [Fact]
    public async Task A_customer_cannot_open_the_staff_activity_page()
    {
        // Closing a session is a circuit handler now: its refusal for a customer is a row of the circuit matrix.
        var site = await panel.AddCustomerAsync();
        var pid = ActivityEvents.NextPid();
        panel.Executor.Log(ActivityEvents.Session(site.UserName, pid, close: false));
        using var customer = await panel.LoginAsAsync(site.Customer!);

        var get = await customer.GetPageAsync($"/sites/{site.Id}/activity");

        Assert.Equal(HttpStatusCode.Forbidden, get.Status);
        Assert.DoesNotContain(site.UserName, get.Html, StringComparison.Ordinal);
        Assert.DoesNotContain(panel.Executor.ClosedSessions, c => c.Pid == pid);
    }

    [Fact]
    public async Task The_customer_sees_its_own_logins_and_transfers_and_not_another_sites()
    {
        var mine = await panel.AddCustomerAsync();
        var theirs = await panel.AddCustomerAsync();
        panel.Executor.Log(ActivityEvents.Session(mine.UserName, ActivityEvents.NextPid()));
        var otherPid = ActivityEvents.NextPid();
        panel.Executor.Log(
            new ActivityEvent(ActivityEventKind.LoginAccepted, DateTimeOffset.UtcNow, 0, theirs.UserName, "198.51.100.99", 1, "publickey"),
            new ActivityEvent(ActivityEventKind.SessionOpened, DateTimeOffset.UtcNow, otherPid, theirs.UserName, "198.51.100.99"),
            new ActivityEvent(ActivityEventKind.FileClosed, DateTimeOffset.UtcNow, otherPid, Path: "/html/their-secret.txt", BytesRead: 0, BytesWritten: 7));
        using var customer = await panel.LoginAsAsync(mine.Customer!);

        var own = await customer.GetPageAsync($"/connect/{mine.Id}");
        var other = await customer.GetPageAsync($"/connect/{theirs.Id}");

        Assert.Equal(7, Rows(own).Count);
        Assert.Equal(["ok", "failed"], own.Document.QuerySelectorAll("[data-recent-logins] tr[data-login]").Select(r => r.GetAttribute("data-login")));
        Assert.DoesNotContain("their-secret", own.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("198.51.100.99", own.Html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.Status);
    }

    [Fact]
    public async Task The_prerendered_page_shows_the_filters_and_live_tail_from_the_address()
    {
        // The live tail itself runs in the circuit (SiteActivityCircuitTests); the page no longer reloads itself.
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var live = await staff.GetPageAsync($"/sites/{site.Id}/activity?live=1&kind=Upload&path=moved");
        var still = await staff.GetPageAsync($"/sites/{site.Id}/activity");

        Assert.Equal("on", live.Document.QuerySelector("[data-filter=live]")!.GetAttribute("data-value"));
        Assert.Equal("off", still.Document.QuerySelector("[data-filter=live]")!.GetAttribute("data-value"));
        Assert.Equal("Upload", live.Document.QuerySelector("[data-filter=kind]")!.GetAttribute("data-value"));
        Assert.Equal("moved", live.Document.QuerySelector("[data-filter=path]")!.GetAttribute("data-value"));
        Assert.Null(live.Document.QuerySelector("meta[http-equiv='refresh']"));
    }

    [Fact]
    public async Task The_site_page_links_to_its_activity()
    {
        var site = await panel.AddCustomerAsync(withLogin: false);
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var page = await staff.GetPageAsync($"/sites/{site.Id}");

        Assert.Equal($"sites/{site.Id}/activity", page.Document.QuerySelector("[data-activity-link]")!.GetAttribute("href"));
    }

    private static List<string> Rows(PanelClient.Page page) =>
        page.Document.QuerySelectorAll("tr[data-transfer]")
            .Select(r => $"{r.GetAttribute("data-kind")} {r.QuerySelector("[data-transfer-path]")!.TextContent.Replace(" → ", "", StringComparison.Ordinal).Trim()} " +
                $"{r.QuerySelector("[data-bytes-written]")!.TextContent}/{r.QuerySelector("[data-bytes-read]")!.TextContent}")
            .ToList();
}
