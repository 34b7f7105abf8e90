using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Data.Identity;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// An open tab's user is re-checked on the revalidation timer (shortened here to 200 ms; 30 s in the panel): a user who is
/// locked, logged out everywhere, demoted or logged out of that session turns anonymous within one interval, and the
/// router then sends the tab to the login page. An unchanged user stays signed in.
/// </summary>
public sealed class CircuitRevalidationTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly PanelFactory panel = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await panel.DisposeAsync();

    [Fact]
    public void The_panel_revalidates_every_thirty_seconds_by_default()
    {
        using var scope = panel.Services.CreateScope();
        var provider = Assert.IsType<PanelRevalidatingAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        Assert.Equal(TimeSpan.FromSeconds(30), provider.Interval);
    }

    [Fact]
    public async Task An_unchanged_user_keeps_the_tab()
    {
        var staff = await panel.CreateStaffAsync();
        using var provider = await WatchAsync(staff);

        await Task.Delay(Interval * 5);

        Assert.True((await provider.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_locked_out_user_loses_the_tab_within_the_interval() =>
        await AssertLosesTabAsync(async (users, user) => await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1)));

    [Fact]
    public async Task Logging_out_everywhere_loses_the_tab_within_the_interval() =>
        await AssertLosesTabAsync(async (users, user) => await users.UpdateSecurityStampAsync(user));

    [Fact]
    public async Task A_demoted_user_loses_the_tab_within_the_interval() =>
        await AssertLosesTabAsync(async (users, user) => await users.RemoveFromRoleAsync(user, PanelRoles.Staff));

    [Fact]
    public async Task Ending_the_server_side_session_loses_the_tab_within_the_interval() =>
        await AssertLosesTabAsync(async (users, user) =>
        {
            await using var scope = panel.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PanelSessions>().EndAllAsync(user.Id);
        });

    private async Task AssertLosesTabAsync(Func<UserManager<PanelUser>, PanelUser, Task> change)
    {
        var staff = await panel.CreateStaffAsync();
        using var provider = await WatchAsync(staff);
        var lost = new TaskCompletionSource<ClaimsPrincipal>(TaskCreationOptions.RunContinuationsAsynchronously);
        provider.AuthenticationStateChanged += async state => lost.TrySetResult((await state).User);
        await Task.Delay(Interval * 2);
        Assert.False(lost.Task.IsCompleted, "a valid user was signed out");

        await using (var scope = panel.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PanelUser>>();
            await change(users, (await users.FindByIdAsync(staff.Id))!);
        }

        // Within a few intervals (the check itself queries SQLite on a loaded machine), not the cookie's 8 hours.
        var user = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(user.Identity?.IsAuthenticated);
    }

    private async Task<PanelRevalidatingAuthenticationStateProvider> WatchAsync(TestAccount account)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PanelRevalidatingAuthenticationStateProvider.IntervalKey] = Interval.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var provider = new PanelRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, panel.Services.GetRequiredService<IServiceScopeFactory>(), configuration);
        var principal = await CircuitHarness.PrincipalAsync(panel, account);
        provider.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return provider;
    }
}
