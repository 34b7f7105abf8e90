using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Tests.Units;

public sealed class PanelQueueNoticesTests
{
    [Fact]
    public void A_panel_change_that_waited_in_the_queue_says_so_on_the_next_page()
    {
        var protection = new EphemeralDataProtectionProvider();
        var post = new DefaultHttpContext();
        PanelQueueNotices.For(new FlashMessages(new HttpContextAccessor { HttpContext = post }, protection)).Queued(3);

        var cookie = SetCookieHeaderValue.ParseList(post.Response.Headers.SetCookie.Select(v => v ?? string.Empty).ToList()).Single(c => c.Name == FlashMessages.CookieName);
        var next = new DefaultHttpContext();
        next.Request.Headers.Cookie = $"{cookie.Name}={cookie.Value}";
        var shown = new FlashMessages(new HttpContextAccessor { HttpContext = next }, protection).Take();

        var flash = Assert.Single(shown);
        Assert.Equal(FlashKind.Info, flash.Kind);
        Assert.Contains("queued behind 3 changes", flash.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_without_a_page_to_tell_waits_silently() =>
        PanelQueueNotices.For(new FlashMessages(new HttpContextAccessor(), new EphemeralDataProtectionProvider())).Queued(1);
}
