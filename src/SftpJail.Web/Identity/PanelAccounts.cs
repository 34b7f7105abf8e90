using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Identity;

/// <summary>Creates panel accounts (customers from the add-customer form, staff and admins from the Accounts page).</summary>
public sealed class PanelAccounts(UserManager<PanelUser> users, AccountAudit audit, PanelAccess access)
{
    public sealed record Created(PanelUser User, string? InitialPassword, string? Error)
    {
        public bool Succeeded => Error is null;

        public override string ToString() => $"Created {{ {User.Email}, password {(InitialPassword is null ? "none" : "***")}, {Error} }}";
    }

    /// <summary>
    /// A new account with a generated password (shown once by the caller), or the existing customer with that e-mail.
    /// A new one is audited as made by whoever is signed in (the add-customer form's staff member).
    /// </summary>
    public Task<Created> FindOrCreateCustomerAsync(string email) => FindOrCreateCustomerAsync(email, access.Actor);

    /// <summary>As above, attributed to <paramref name="actor"/>: an interactive page's handler has no request to read it from.</summary>
    public async Task<Created> FindOrCreateCustomerAsync(string email, Data.Services.Actor actor)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            return await users.IsInRoleAsync(existing, PanelRoles.Customer)
                ? new Created(existing, null, null)
                : new Created(existing, null, $"{email} is a staff account; a site can only be given to a customer account.");
        }

        var created = await CreateAsync(email, PanelRoles.Customer, PasswordGenerator.Generate());
        if (created.Succeeded)
        {
            await audit.RecordAsync(actor, AccountAudit.Created, created.User.Email!, new { role = PanelRoles.Customer });
        }

        return created;
    }

    public async Task<Created> CreateAsync(string email, string role, string password)
    {
        var user = new PanelUser { UserName = email, Email = email, EmailConfirmed = true };
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, role);
            if (!result.Succeeded)
            {
                await users.DeleteAsync(user);
            }
        }

        return result.Succeeded
            ? new Created(user, password, null)
            : new Created(user, null, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>Removes an account made moments ago whose site could not be added; audited like its creation.</summary>
    public Task DeleteAsync(PanelUser user) => DeleteAsync(user, access.Actor);

    public async Task DeleteAsync(PanelUser user, Data.Services.Actor actor)
    {
        var result = await users.DeleteAsync(user);
        if (result.Succeeded)
        {
            await audit.RecordAsync(actor, AccountAudit.Deleted, user.Email!, new { reason = "the site it was made for was not added" });
        }
    }
}
