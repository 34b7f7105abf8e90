using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;

namespace SftpJail.Data.Services.Import;

public sealed partial class SiteImporter
{
    /// <summary>The Identity role a site's customer account must have (the panel's PanelRoles.Customer).</summary>
    public const string CustomerRole = "Customer";

    // SQLite allows 32,766 parameters; a few hundred per query keeps each one small.
    private const int QueryChunk = 500;

    /// <param name="CustomerIds">Panel account ids by upper-case e-mail, for the customers that exist.</param>
    private sealed record Checked(
        int RowCount,
        IReadOnlyList<RowError> Errors,
        IReadOnlyList<ImportSite> Sites,
        IReadOnlyDictionary<string, string> CustomerIds,
        IReadOnlyList<string> NewCustomers,
        string? Error);

    private async Task<Checked> CheckAsync(ReadOnlyMemory<byte> content, ImportFormat format, ImportOptions options, CancellationToken cancellationToken)
    {
        var file = ImportFormats.Read(content.Span, format);
        var errors = file.Errors.ToList();
        var rowCount = file.Rows.Count + file.Errors.Count(e => !e.Message.StartsWith("file:", StringComparison.Ordinal) && !e.Message.StartsWith("header:", StringComparison.Ordinal));
        HostInfo host;
        try
        {
            host = await executor.GetHostInfoAsync(cancellationToken);
        }
        catch (ExecutorUnavailableException unavailable)
        {
            return new Checked(rowCount, errors, [], new Dictionary<string, string>(), [], SiteService.OneLine($"The executor is unavailable: {unavailable.Message}"));
        }

        var (rows, rowErrors) = ImportValidator.Validate(file.Rows, GroupNames(host));
        errors.AddRange(rowErrors);
        rows = await WithoutDatabaseClashesAsync(rows, errors, cancellationToken);
        var (customerIds, newCustomers) = await CustomersAsync(rows, options, errors, cancellationToken);
        var bad = errors.Select(e => e.Location).ToHashSet();
        rows = rows.Where(r => !bad.Contains(r.Location)).ToList();
        var sites = rows
            .GroupBy(r => r.Domain.Value, StringComparer.Ordinal)
            .Select(g => new ImportSite(g.First().Domain, g.First().CustomerEmail, g.Select(r => r.User).ToList()))
            .ToList();
        return new Checked(rowCount, errors, sites, customerIds, newCustomers, null);
    }

    /// <summary>The groups SftpJail itself uses: useradd --user-group cannot make a user of the same name.</summary>
    private static HashSet<string> GroupNames(HostInfo host)
    {
        var jail = host.JailGroup;
        return new HashSet<string>([jail, host.WebGroup, $"{jail}-ro", $"{jail}-keyonly", $"{jail}-disabled"], StringComparer.Ordinal);
    }

    /// <summary>Rows whose domain (or www. neighbour) is already a site, or whose user already exists, are errors.</summary>
    private async Task<List<ParsedRow>> WithoutDatabaseClashesAsync(List<ParsedRow> rows, List<RowError> errors, CancellationToken cancellationToken)
    {
        var taken = await BatchTaken.ReadAsync(db, rows.Select(r => r.Domain), rows.Select(r => r.User.UserName.Value), [], cancellationToken);
        var kept = new List<ParsedRow>();
        foreach (var row in rows)
        {
            var clash = taken.Clash(row.Domain);
            if (clash is not null)
            {
                errors.Add(new RowError(row.Location, $"domain: {clash}"));
            }
            else if (taken.Users.TryGetValue(row.User.UserName.Value, out var site))
            {
                errors.Add(new RowError(row.Location, $"user: The user {row.User.UserName} already exists (site {site})."));
            }
            else
            {
                kept.Add(row);
            }
        }

        return kept;
    }

    private async Task<(Dictionary<string, string> Ids, List<string> Missing)> CustomersAsync(
        List<ParsedRow> rows, ImportOptions options, List<RowError> errors, CancellationToken cancellationToken)
    {
        var emails = rows.Where(r => r.CustomerEmail is not null).Select(r => r.CustomerEmail!.ToUpperInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var accounts = new Dictionary<string, (string Id, bool IsCustomer)>(StringComparer.Ordinal);
        foreach (var chunk in emails.Chunk(QueryChunk))
        {
            var found = await db.Users.AsNoTracking()
                .Where(u => u.NormalizedEmail != null && chunk.Contains(u.NormalizedEmail))
                .Select(u => new
                {
                    u.Id,
                    Email = u.NormalizedEmail!,
                    IsCustomer = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == CustomerRole)),
                })
                .ToListAsync(cancellationToken);
            foreach (var account in found)
            {
                accounts[account.Email] = (account.Id, account.IsCustomer);
            }
        }

        var missing = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows.Where(r => r.CustomerEmail is not null))
        {
            var key = row.CustomerEmail!.ToUpperInvariant();
            if (accounts.TryGetValue(key, out var account))
            {
                if (!account.IsCustomer)
                {
                    errors.Add(new RowError(row.Location, $"customer_email: {row.CustomerEmail} is a staff account; a site can only be given to a customer account."));
                }
            }
            else if (options.CreatesMissingCustomers)
            {
                if (seen.Add(row.CustomerEmail!))
                {
                    missing.Add(row.CustomerEmail!);
                }
            }
            else
            {
                errors.Add(new RowError(row.Location, $"customer_email: There is no panel account {row.CustomerEmail}; create the customer login in the panel first, or leave the column empty."));
            }
        }

        return (accounts.Where(a => a.Value.IsCustomer).ToDictionary(a => a.Key, a => a.Value.Id, StringComparer.Ordinal), missing);
    }
}
