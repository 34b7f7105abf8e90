using SftpJail.Core.Planning;

namespace SftpJail.Data.Services;

/// <summary>Who made a change: "cli:root", "panel:alice@example.com".</summary>
public sealed record Actor(string Name);

public enum SiteStatus
{
    Pending,
    Applied,
    Drifted,
    Failed,
}

public sealed record SiteQuery(string? Search = null, string Sort = "domain", bool Descending = false, int Page = 1, int PageSize = 50, string? CustomerAccountId = null);

public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    public int PageCount => PageSize <= 0 ? 0 : (Total + PageSize - 1) / PageSize;
}

public sealed record SiteSummary(int Id, string Domain, bool Enabled, SiteStatus Status, int UserCount, DateTimeOffset CreatedAt, DateTimeOffset? LastAppliedAt, string? CustomerAccountId)
{
    /// <summary>The site's disk limit in MiB; null: none. Its usage is the executor's (<see cref="Core.Contract.HostInfo.Disk"/>).</summary>
    public long? DiskLimitMiB { get; init; }
}

public sealed record KeySummary(int Id, string Algorithm, string Fingerprint, string Comment, string Line);

public sealed record UserSummary(int Id, string UserName, string Domain, bool ReadOnly, bool KeyOnly, bool Disabled, bool HasPassword, IReadOnlyList<KeySummary> Keys);

public sealed record SiteDetail(SiteSummary Site, IReadOnlyList<UserSummary> Users);

/// <param name="UserName">Null: suggested from the domain.</param>
/// <param name="Keys">Each entry one OpenSSH line or RFC 4716 block (or several).</param>
/// <param name="CustomerAccountId">Panel account (Identity user id) that may open this site's connection page.</param>
/// <param name="PreviewedPlan">
/// The <see cref="SitePreview.PlanIdentity"/> the person saw; when given, the site is added only if the state to send
/// and a fresh plan still have that identity (otherwise: "the plan changed, preview again"). Null applies unseen (CLI).
/// </param>
public sealed record NewSiteRequest(
    string Domain,
    string? UserName = null,
    string? Password = null,
    IReadOnlyList<string>? Keys = null,
    bool ReadOnly = false,
    bool KeyOnly = false,
    string? CustomerAccountId = null,
    string? PreviewedPlan = null);

/// <summary>What a change would do on the host, and the identity an apply quotes to be sure it applies exactly that.</summary>
/// <param name="PlanIdentity">See <see cref="SftpJail.Core.Planning.PlanIdentity"/>; null when the change was refused.</param>
public sealed record SitePreview(IReadOnlyList<PlanStep> Steps, string? Error = null, string? PlanIdentity = null);

public sealed record NewUserRequest(
    string Domain,
    string UserName,
    string? Password = null,
    IReadOnlyList<string>? Keys = null,
    bool ReadOnly = false,
    bool KeyOnly = false);

/// <summary>Outcome of one change; <see cref="Error"/> is one line fit for a CLI's stderr or a form message.</summary>
public sealed record OperationResult(bool Succeeded, string? Error, IReadOnlyList<PlanStep> Steps, long? AuditEntryId)
{
    public static OperationResult Invalid(string error) => new(false, error, [], null);
}
