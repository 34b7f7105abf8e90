using Microsoft.AspNetCore.Identity;
using SftpJail.Data.Identity;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Identity;

/// <summary>Creates panel accounts (customers from the add-customer form, staff and admins from the Accounts page).</summary>
public sealed class PanelAccounts(UserManager<PanelUser> users)
{
    public sealed record Created(PanelUser User, string? InitialPassword, string? Error)
    {
        public bool Succeeded => Error is null;
    }

    /// <summary>A new account with a generated password (shown once by the caller), or the existing customer with that e-mail.</summary>
    public async Task<Created> FindOrCreateCustomerAsync(string email)
    {
        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            return await users.IsInRoleAsync(existing, PanelRoles.Customer)
                ? new Created(existing, null, null)
                : new Created(existing, null, $"{email} is a staff account; a site can only be given to a customer account.");
        }

        return await CreateAsync(email, PanelRoles.Customer, PasswordGenerator.Generate());
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

    public async Task DeleteAsync(PanelUser user) => await users.DeleteAsync(user);
}
