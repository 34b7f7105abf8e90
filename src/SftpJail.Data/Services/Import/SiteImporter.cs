using System.Text.RegularExpressions;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Data.Services.Import;

/// <summary>
/// Bulk import: reads every row of a CSV or JSON file, checks all of them (fields, other rows, the database, the host)
/// before anything changes, and reports each bad row with its line. Only a file without a single bad row is applied,
/// as one batch (<see cref="ISiteBatch"/>). Passwords it generates are returned once to the caller and go nowhere else.
/// </summary>
public sealed partial class SiteImporter(ISiteBatch batch, SftpJailDbContext db, IExecutorGateway executor)
{
    /// <summary>Each pass removes one row whose user the host already has (the planner names one at a time).</summary>
    private const int MaxHostConflictPasses = 25;

    /// <summary>Reads and checks the file and plans it; changes nothing.</summary>
    public async Task<ImportPreview> PreviewAsync(ReadOnlyMemory<byte> content, ImportFormat format, ImportOptions? options = null, CancellationToken cancellationToken = default) =>
        (await PlanAsync(content, format, options, cancellationToken)).Preview;

    private async Task<(ImportPreview Preview, Checked Check)> PlanAsync(ReadOnlyMemory<byte> content, ImportFormat format, ImportOptions? options, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(content, format, options ?? new ImportOptions(), cancellationToken);
        if (check.Error is not null || check.Sites.Count == 0)
        {
            return (Preview(check, [], [], check.Error ?? (check.Errors.Count == 0 ? "import: The file has no rows." : null), null), check);
        }

        var sites = check.Sites.ToList();
        var errors = check.Errors.ToList();
        for (var pass = 0; ; pass++)
        {
            var plan = await batch.PreviewAddSitesAsync(ToBatch(sites, check.CustomerIds, passwords: null), cancellationToken);
            if (plan.Error is null)
            {
                var (perSite, shared) = Attribute(sites, plan.Steps);
                var identity = errors.Count == 0 ? plan.PlanIdentity : null;
                return (Preview(check with { Errors = errors }, perSite, plan.Steps, null, identity, shared), check with { Errors = errors, Sites = sites });
            }

            var refused = HostRefusal(plan.Error, sites);
            if (refused is null || pass >= MaxHostConflictPasses)
            {
                return (Preview(check with { Errors = errors }, [], [], plan.Error, null), check);
            }

            errors.Add(new RowError(refused.Value.User.Location, refused.Value.Message));
            sites = Without(sites, refused.Value.User);
            if (sites.Count == 0)
            {
                return (Preview(check with { Errors = errors }, [], [], null, null), check);
            }
        }
    }

    /// <summary>
    /// Checks and plans the file exactly as <see cref="PreviewAsync"/> does; with no bad row, applies it as one batch.
    /// With <paramref name="previewedPlan"/> (the panel), only if the plan is still the one that was shown.
    /// </summary>
    public async Task<ImportResult> ImportAsync(
        ReadOnlyMemory<byte> content, ImportFormat format, Actor actor, string? previewedPlan = null, ImportOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (preview, check) = await PlanAsync(content, format, options, cancellationToken);
        if (!preview.CanApply)
        {
            return ImportResult.Rejected(preview.Errors, preview.Error, preview.RowCount);
        }

        if (previewedPlan is not null && !string.Equals(previewedPlan, preview.PlanIdentity, StringComparison.OrdinalIgnoreCase))
        {
            return ImportResult.Rejected([], SiteService.StalePlanError);
        }

        var generated = new List<GeneratedPassword>();
        var passwords = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var site in check.Sites)
        {
            foreach (var user in site.Users.Where(u => u.GeneratePassword))
            {
                var password = GeneratedPasswords.Next();
                passwords[user.UserName.Value] = password;
                generated.Add(new GeneratedPassword(site.Domain.Value, user.UserName.Value, password));
            }
        }

        // Without a previewed plan (the CLI) the apply does not plan a third time: the executor's own apply still refuses
        // whatever the planner refuses, and the rows were all checked above.
        var result = await batch.AddSitesAsync(ToBatch(check.Sites, check.CustomerIds, passwords), actor, previewedPlan, cancellationToken);
        var userCount = check.Sites.Sum(s => s.Users.Count);
        return result.Succeeded
            ? new ImportResult(true, [], null, result.Steps, generated, check.Sites.Count, userCount, result.AuditEntryId)
            : new ImportResult(false, [], result.Error, result.Steps, [], 0, 0, result.AuditEntryId);
    }

    private static ImportPreview Preview(Checked check, IReadOnlyList<ImportSitePlan> sites, IReadOnlyList<PlanStep> steps, string? error, string? identity, IReadOnlyList<PlanStep>? shared = null) =>
        new(check.RowCount, check.Errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Item).ToList(), sites, steps, shared ?? [], check.NewCustomers, error, identity);

    private static List<BatchSite> ToBatch(IReadOnlyList<ImportSite> sites, IReadOnlyDictionary<string, string> customerIds, IReadOnlyDictionary<string, string>? passwords) =>
        sites.Select(site => new BatchSite(
                site.Domain.Value,
                site.CustomerEmail is null ? null : customerIds.GetValueOrDefault(site.CustomerEmail.ToUpperInvariant()),
                site.Users.Select(u => new BatchUser(
                    u.Location.ToString(),
                    u.UserName.Value,
                    u.GeneratePassword ? passwords?.GetValueOrDefault(u.UserName.Value) : u.Password,
                    u.Keys,
                    u.ReadOnly,
                    u.KeyOnly)).ToList()))
            .ToList();

    /// <summary>
    /// The row whose user the host refused, and why: an account of that name SftpJail did not create, or the name of one
    /// of the groups the host is configured with (the executor knows them; the row checks only know the defaults).
    /// </summary>
    private static (ImportUser User, string Message)? HostRefusal(string planError, IReadOnlyList<ImportSite> sites)
    {
        ImportUser? Row(Match match) => match.Success
            ? sites.SelectMany(s => s.Users).FirstOrDefault(u => u.UserName.Value == match.Groups["name"].Value)
            : null;

        if (Row(ForeignAccountPattern().Match(planError)) is { } foreign)
        {
            return (foreign, $"user: The account {foreign.UserName} already exists on this host and is not managed by SftpJail; choose another user name.");
        }

        var group = GroupNamePattern().Match(planError);
        return Row(group) is { } clash
            ? (clash, $"user: {clash.UserName} is the name of {group.Groups["group"].Value} on this host; choose another user name.")
            : null;
    }

    private static List<ImportSite> Without(IReadOnlyList<ImportSite> sites, ImportUser user) =>
        sites.Select(s => s with { Users = s.Users.Where(u => u != user).ToList() }).Where(s => s.Users.Count > 0).ToList();

    /// <summary>Which steps concern one imported site alone (by its domain, chroot name or user), and which are shared.</summary>
    private static (List<ImportSitePlan> Sites, IReadOnlyList<PlanStep> Shared) Attribute(IReadOnlyList<ImportSite> sites, IReadOnlyList<PlanStep> steps)
    {
        var state = new DesiredStateDto(sites.Select(s => new SiteDto(s.Domain.Value, true,
            s.Users.Select(u => new JailUserDto(u.UserName.Value, u.ReadOnly, u.KeyOnly, false, u.Keys)).ToList())).ToList());
        var (counts, shared) = DriftAttribution.SplitBySite(state, steps);
        var perSite = sites.Select(s => new ImportSitePlan(
            s.Domain.Value,
            s.Users.Select(u => u.UserName.Value).ToList(),
            s.Users.Select(u => u.Login).ToList(),
            counts.GetValueOrDefault(s.Domain.Value),
            s.Users.Select(u => u.ReadOnly).ToList(),
            s.Users.Select(u => u.Location).ToList(),
            s.CustomerEmail)).ToList();
        return (perSite, shared);
    }

    [GeneratedRegex("account '(?<name>[a-z_][a-z0-9_-]*)' already exists on this host", RegexOptions.CultureInvariant)]
    private static partial Regex ForeignAccountPattern();

    [GeneratedRegex("'(?<name>[a-z_][a-z0-9_-]*)' is the name of (?<group>the [a-z -]+ '[a-z_][a-z0-9_-]*') on this host", RegexOptions.CultureInvariant)]
    private static partial Regex GroupNamePattern();
}
