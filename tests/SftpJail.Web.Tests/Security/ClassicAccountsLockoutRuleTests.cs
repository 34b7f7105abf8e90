using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Security;

/// <summary>
/// The no-JavaScript accounts page (/accounts/classic) locks accounts too, so the lock-out rule holds there as on the
/// Accounts page. The case that shows it without a race: an attacker who failed an admin's sign-in five times has
/// locked that admin out of signing in again for a while, but not out of the session it already has; from that
/// session the admin must not lock the one other admin, who is then the last able to sign in.
/// </summary>
public sealed class ClassicAccountsLockoutRuleTests : IAsyncLifetime
{
    private readonly PanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task The_classic_page_does_not_lock_the_last_admin_able_to_sign_in()
    {
        var admin = await panel.CreateAdminAsync();
        var other = await panel.CreateAdminAsync();
        using var browser = await panel.LoginAsAsync(admin);
        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            // What five wrong passwords do: a lock-out end, the security stamp unchanged.
            Assert.True((await users.SetLockoutEndDateAsync((await users.FindByIdAsync(admin.Id))!, DateTimeOffset.UtcNow.AddMinutes(15))).Succeeded);
        }

        var page = await browser.GetPageAsync($"/accounts/classic?q={Uri.EscapeDataString(other.Email)}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        var answer = await browser.SubmitAsync(page, $"lock-{other.Id}");
        var shown = answer.IsRedirect ? await browser.FollowAsync(answer) : answer;

        Assert.Null((await panel.ReadAccountAsync(other.Id)).User.LockoutEnd);
        Assert.Contains("last admin", shown.Flash(), StringComparison.Ordinal);
    }
}
