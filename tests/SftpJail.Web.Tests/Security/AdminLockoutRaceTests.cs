using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Security;

/// <summary>
/// Two admins acting on each other at the same moment (two tabs, two circuits) must not leave the panel without a
/// working admin: the lock-out rule's check and the change it allows are one step. The rule reads the clock just
/// before it counts the admins, so a clock that holds both actions there until the other arrives makes both checks
/// see two admins whenever nothing serialises them.
/// </summary>
public sealed class AdminLockoutRaceTests : IAsyncLifetime
{
    private readonly PanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public async Task Two_admins_demoting_each_other_at_once_leave_one_admin()
    {
        var (first, second) = (await panel.CreateAdminAsync(), await panel.CreateAdminAsync());
        var clock = new RendezvousClock(2);

        var results = await Task.WhenAll(
            Task.Run(() => panel.ActAsync(first, a => a.SetRoleAsync(second.Id, PanelRoles.Staff), clock)),
            Task.Run(() => panel.ActAsync(second, a => a.SetRoleAsync(first.Id, PanelRoles.Staff), clock)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(results, r => r.Error?.Contains("last admin", StringComparison.Ordinal) == true);
        Assert.Single(await AdminsAsync());
    }

    [Fact]
    public async Task Two_admins_locking_each_other_at_once_leave_one_admin_able_to_sign_in()
    {
        var (first, second) = (await panel.CreateAdminAsync(), await panel.CreateAdminAsync());
        var clock = new RendezvousClock(2);

        var results = await Task.WhenAll(
            Task.Run(() => panel.ActAsync(first, a => a.SetLockedAsync(second.Id, true), clock)),
            Task.Run(() => panel.ActAsync(second, a => a.SetLockedAsync(first.Id, true), clock)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await AdminsAsync());
    }

    [Fact]
    public async Task An_admin_deleting_the_other_while_that_one_demotes_the_first_leaves_one_admin()
    {
        var (first, second) = (await panel.CreateAdminAsync(), await panel.CreateAdminAsync());
        var clock = new RendezvousClock(2);

        var results = await Task.WhenAll(
            Task.Run(() => panel.ActAsync(first, a => a.DeleteAsync(second.Id, second.Email), clock)),
            Task.Run(() => panel.ActAsync(second, a => a.SetRoleAsync(first.Id, PanelRoles.Staff), clock)));

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await AdminsAsync());
    }

    private async Task<IReadOnlySet<string>> AdminsAsync()
    {
        await using var scope = panel.Services.CreateAsyncScope();
        return await AdminLockoutRule.AdminsAbleToSignInAsync(scope.ServiceProvider.GetRequiredService<SftpJailDbContext>(), DateTimeOffset.UtcNow);
    }

    /// <summary>
    /// The first <c>parties</c> readings of the time wait until all of them are reading it, or for two seconds: long
    /// enough for unserialised checks to meet, short enough that a serialised second check (held back by the first's
    /// change) does not wait for ever.
    /// </summary>
    private sealed class RendezvousClock(int parties) : TimeProvider
    {
        private readonly ManualResetEventSlim allThere = new();
        private int arrived;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Increment(ref arrived) >= parties)
            {
                allThere.Set();
            }
            else
            {
                allThere.Wait(TimeSpan.FromSeconds(2));
            }

            return base.GetUtcNow();
        }
    }
}
