using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>
/// The site page's "customer login" action: only a Customer account may be given a
/// site (never a Staff or Admin login found by its e-mail), a missing one is made only when asked, and a login made
/// for a site that then could not take it is removed again. Account creation and the attach are audited.
/// </summary>
public static class CustomerLogins
{
    /// <param name="Error">Null when attached; else one sentence for the dialog.</param>
    /// <param name="InitialPassword">The generated password of an account made now, to show once.</param>
    /// <param name="Refused">The tab's user may no longer act (nothing was read or changed).</param>
    public sealed record Outcome(string? Error, string? InitialPassword, bool Refused)
    {
        public override string ToString() => $"Outcome({Error ?? "attached"}, created: {InitialPassword is not null}, refused: {Refused})";
    }

    public static async Task<Outcome> AttachAsync(PanelOperations operations, string domain, string email, bool create)
    {
        if (CustomerEmail.Problem(email) is { } problem)
        {
            return new Outcome(problem, null, false);
        }

        email = email.Trim();
        await using var operation = await operations.BeginAsync(PanelRoles.Admin, PanelRoles.Staff);
        if (operation is null)
        {
            return new Outcome("You are no longer allowed to do this (signed out, locked or not staff): reload the page.", null, true);
        }

        if (!create && await operation.Get<UserManager<PanelUser>>().FindByEmailAsync(email) is null)
        {
            return new Outcome($"There is no account for {email}; tick \"create\" to make one.", null, false);
        }

        var accounts = operation.Get<PanelAccounts>();
        var found = await accounts.FindOrCreateCustomerAsync(email, operation.Actor);
        if (!found.Succeeded)
        {
            return new Outcome(found.Error, null, false);
        }

        var result = await operation.Get<ISiteService>().SetCustomerAsync(domain, found.User.Id, operation.Actor);
        if (!result.Succeeded)
        {
            if (found.InitialPassword is not null)
            {
                await accounts.DeleteAsync(found.User, operation.Actor);
            }

            return new Outcome(result.Error ?? "The login could not be given to the site.", null, false);
        }

        return new Outcome(null, found.InitialPassword, false);
    }
}
