using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Data.Services.Import;
using SftpJail.Web.Applies;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.BulkImport;

/// <summary>
/// The background part of a panel import (run by <see cref="ApplyTracker"/> in its own scope): the customer logins the
/// file names are created first, the rows applied as one batch only if the plan is still the one previewed, and the
/// logins removed again if the apply does not happen. Secrets go only into the outcome's one-time fields.
/// </summary>
internal static class ImportRun
{
    public static async Task<ApplyOutcome> RunAsync(
        IServiceProvider services, byte[] content, ImportFormat format, string planIdentity, Actor actor, CancellationToken cancellationToken)
    {
        var importer = services.GetRequiredService<SiteImporter>();
        var accounts = services.GetRequiredService<PanelAccounts>();
        var check = await importer.PreviewAsync(content, format, new ImportOptions(CreatesMissingCustomers: true), cancellationToken);
        if (!check.CanApply || !string.Equals(check.PlanIdentity, planIdentity, StringComparison.OrdinalIgnoreCase))
        {
            return new ApplyOutcome(false, check.Error ?? SiteService.StalePlanError, []);
        }

        var created = new List<PanelAccounts.Created>();
        async Task RemoveCreatedAsync()
        {
            foreach (var customer in created.Where(c => c.InitialPassword is not null))
            {
                await accounts.DeleteAsync(customer.User, actor);
            }
        }

        foreach (var email in check.NewCustomers)
        {
            var customer = await accounts.FindOrCreateCustomerAsync(email, actor);
            if (!customer.Succeeded)
            {
                await RemoveCreatedAsync();
                return new ApplyOutcome(false, $"customer_email {email}: {customer.Error}", []);
            }

            created.Add(customer);
        }

        var result = await importer.ImportAsync(content, format, actor, planIdentity, cancellationToken: cancellationToken);
        if (!result.Succeeded)
        {
            await RemoveCreatedAsync();
            var error = result.Error
                ?? (result.Errors.Count > 0 ? string.Join("; ", result.Errors.Take(5)) : "The executor did not apply the import.");
            return new ApplyOutcome(false, error, result.Steps);
        }

        return new ApplyOutcome(true, null, result.Steps)
        {
            GeneratedPasswords = result.Passwords,
            CustomerLogins = [.. created.Where(c => c.InitialPassword is not null).Select(c => new NewCustomerLogin(c.User.Email!, c.InitialPassword!))],
            SiteCount = result.SiteCount,
            UserCount = result.UserCount,
        };
    }
}
