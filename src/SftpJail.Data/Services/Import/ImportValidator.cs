using SftpJail.Core.Values;

namespace SftpJail.Data.Services.Import;

/// <summary>A row whose fields parsed, before the checks against other rows, the database and the host.</summary>
internal sealed record ParsedRow(SiteDomain Domain, string? CustomerEmail, ImportUser User)
{
    public RowLocation Location => User.Location;
}

/// <summary>
/// The checks that need nothing but the file: every field through Core's typed parsers and the password rules, then
/// across rows (a user twice, a domain whose rows disagree on the customer, a domain that is another row's www. name).
/// Every problem of a row is reported on its one line, so a file is fixed in one pass.
/// </summary>
internal static class ImportValidator
{
    public static (List<ParsedRow> Valid, List<RowError> Errors) Validate(IReadOnlyList<ImportRow> rows, IReadOnlyCollection<string> groupNames)
    {
        var valid = new List<ParsedRow>();
        var errors = new List<RowError>();
        foreach (var row in rows)
        {
            var problems = new List<string>();
            var parsed = Parse(row, groupNames, problems);
            if (problems.Count > 0)
            {
                errors.Add(new RowError(row.Location, string.Join("; ", problems)));
            }
            else
            {
                valid.Add(parsed!);
            }
        }

        return (CrossCheck(valid, errors), errors);
    }

    private static ParsedRow? Parse(ImportRow row, IReadOnlyCollection<string> groupNames, List<string> problems)
    {
        SiteDomain? domain = null;
        if (row.Domain is null)
        {
            problems.Add("domain: A domain is required.");
        }
        else if (!SiteDomain.TryParseNew(row.Domain.Trim(), out domain, out var domainError))
        {
            problems.Add($"domain: {domainError}");
        }

        LinuxUserName? user = null;
        if (row.User is null)
        {
            problems.Add("user: A user name is required.");
        }
        else if (!LinuxUserName.TryParse(row.User.Trim(), out user, out var userError))
        {
            problems.Add($"user: {userError}");
        }
        else if (groupNames.Contains(user.Value))
        {
            problems.Add($"user: {user} is the name of a group SftpJail uses; choose another user name.");
        }

        if (row.Password is not null && PasswordRules.Check(row.Password) is { } weak)
        {
            problems.Add(weak);
        }

        IReadOnlyList<string> keys = [];
        if (row.Key is not null)
        {
            try
            {
                keys = SshPublicKey.ParseMany(row.Key, "key").Select(k => k.ToAuthorizedKeysLine()).ToList();
                if (keys.Count == 0)
                {
                    problems.Add("key: No SSH public key found in the text given.");
                }
                else if (keys.Distinct(StringComparer.Ordinal).Count() != keys.Count)
                {
                    problems.Add("key: The same key is given twice.");
                }
            }
            catch (InputRejectedException rejected)
            {
                problems.Add(rejected.Message);
            }
        }

        if (row.Password is not null && row.Key is not null)
        {
            problems.Add("password: Give a password or a key, not both (a user with a key logs in with its key only).");
        }

        var readOnly = ParseFlag(row.ReadOnly);
        if (readOnly is null)
        {
            // The value is not echoed (here or below): in a file whose columns are out of place it may be a password.
            problems.Add("read_only: Give true/false, yes/no or 1/0 (or leave it empty).");
        }

        var email = row.CustomerEmail?.Trim();
        if (email is not null && !EmailRule.IsValid(email))
        {
            problems.Add("customer_email: This is not an e-mail address.");
        }

        if (problems.Count > 0)
        {
            return null;
        }

        var generate = row.Password is null && keys.Count == 0;
        return new ParsedRow(domain!, email, new ImportUser(row.Location, user!, row.Password, keys, readOnly!.Value, generate));
    }

    private static bool? ParseFlag(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "false" or "no" or "0" => false,
        "true" or "yes" or "1" => true,
        _ => null,
    };

    private static List<ParsedRow> CrossCheck(List<ParsedRow> rows, List<RowError> errors)
    {
        var firstOfUser = new Dictionary<string, RowLocation>(StringComparer.Ordinal);
        var firstOfDomain = new Dictionary<string, ParsedRow>(StringComparer.Ordinal);
        var kept = new List<ParsedRow>();
        foreach (var row in rows)
        {
            string? problem = null;
            if (firstOfUser.TryGetValue(row.User.UserName.Value, out var earlier))
            {
                problem = $"user: {row.User.UserName} is already on {earlier}; a user name is one account on the host.";
            }
            else if (firstOfDomain.TryGetValue(row.Domain.Value, out var owner) && owner.CustomerEmail != row.CustomerEmail && row.CustomerEmail is not null)
            {
                problem = $"customer_email: {row.Domain} is on {owner.Location} with customer {owner.CustomerEmail ?? "(none)"}; a site has one customer.";
            }
            else if (!firstOfDomain.ContainsKey(row.Domain.Value) && NeighbourClash(row, firstOfDomain) is { } clash)
            {
                problem = clash;
            }

            if (problem is not null)
            {
                errors.Add(new RowError(row.Location, problem));
                continue;
            }

            firstOfUser[row.User.UserName.Value] = row.Location;
            firstOfDomain.TryAdd(row.Domain.Value, row);
            kept.Add(row);
        }

        return kept;
    }

    /// <summary>The rule of <see cref="SiteServerNames"/> between rows: www.x and x cannot both be sites.</summary>
    private static string? NeighbourClash(ParsedRow row, Dictionary<string, ParsedRow> sites)
    {
        foreach (var neighbour in SiteServerNames.Neighbours(row.Domain))
        {
            if (sites.TryGetValue(neighbour, out var other) && SiteServerNames.Clash(row.Domain, other.Domain) is { } clash)
            {
                return $"domain: {clash.Replace($"the site {other.Domain}", $"the site {other.Domain} ({other.Location})", StringComparison.Ordinal).Replace("already a site of its own", $"a site of its own on {other.Location}", StringComparison.Ordinal)}";
            }
        }

        return null;
    }
}
