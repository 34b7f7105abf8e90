using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Account.Accounts;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>Runs one of the Accounts page's actions as <paramref name="actor"/>, in a DI scope of its own as a circuit's handler does.</summary>
internal static class AccountActionsRunner
{
    public static async Task<AccountActionResult> ActAsync(this PanelFactory panel, TestAccount actor, Func<AccountActions, Task<AccountActionResult>> action, TimeProvider? clock = null)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var actions = new AccountActions(
            services.GetRequiredService<UserManager<PanelUser>>(), services.GetRequiredService<SftpJailDbContext>(), services.GetRequiredService<PanelSessions>(),
            services.GetRequiredService<PanelAccounts>(), services.GetRequiredService<AccountAudit>(), clock ?? TimeProvider.System, new Actor($"panel:{actor.Email}"), actor.Id);
        return await action(actions);
    }
}
