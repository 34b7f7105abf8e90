using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Data.Services.Import;

/// <summary>A row that passed every check: typed values only.</summary>
/// <param name="Password">The password the file gave; null for a key-only user or one whose password is generated.</param>
/// <param name="Keys">Normalised authorized_keys lines.</param>
public sealed record ImportUser(
    RowLocation Location,
    LinuxUserName UserName,
    string? Password,
    IReadOnlyList<string> Keys,
    bool ReadOnly,
    bool GeneratePassword)
{
    /// <summary>A user with keys and no password logs in with its keys only (the panel's "keys only").</summary>
    public bool KeyOnly => Keys.Count > 0 && Password is null && !GeneratePassword;

    public string Login => KeyOnly ? "key" : GeneratePassword ? "generated password" : "password";

    public override string ToString() => $"ImportUser {{ {Location}, {UserName}, {Login} }}";
}

/// <summary>A site to create: the first user owns it; a domain on several rows gives it several users.</summary>
public sealed record ImportSite(SiteDomain Domain, string? CustomerEmail, IReadOnlyList<ImportUser> Users);

/// <summary>A site of the preview with the steps that concern it alone (its account, directories, vhost, keys).</summary>
/// <param name="Users">Its users in file order; <see cref="Logins"/>, <see cref="ReadOnly"/> and <see cref="Lines"/> go with them.</param>
/// <param name="Lines">Where each user's row is in the file.</param>
public sealed record ImportSitePlan(
    string Domain,
    IReadOnlyList<string> Users,
    IReadOnlyList<string> Logins,
    int StepCount,
    IReadOnlyList<bool> ReadOnly,
    IReadOnlyList<RowLocation> Lines,
    string? CustomerEmail);

/// <summary>
/// What an import would do, or why it cannot. <see cref="Errors"/> lists every bad row; when it is empty and
/// <see cref="Error"/> is null, <see cref="PlanIdentity"/> names exactly this plan for the apply.
/// </summary>
/// <param name="SharedSteps">Steps no single site owns: groups, the sshd drop-in and its reload.</param>
/// <param name="NewCustomers">Customer e-mails with no panel account yet (the panel creates them; the CLI refuses them).</param>
public sealed record ImportPreview(
    int RowCount,
    IReadOnlyList<RowError> Errors,
    IReadOnlyList<ImportSitePlan> Sites,
    IReadOnlyList<PlanStep> Steps,
    IReadOnlyList<PlanStep> SharedSteps,
    IReadOnlyList<string> NewCustomers,
    string? Error = null,
    string? PlanIdentity = null)
{
    public bool CanApply => Errors.Count == 0 && Error is null && PlanIdentity is not null;
}

/// <summary>A password made for a row that gave neither a password nor a key. Shown or written once, never logged.</summary>
public sealed record GeneratedPassword(string Domain, string UserName, string Password)
{
    public override string ToString() => $"GeneratedPassword {{ {Domain}, {UserName}, *** }}";
}

/// <summary>The outcome of an import: rejected rows (nothing changed), a failed apply (nothing kept), or applied.</summary>
public sealed record ImportResult(
    bool Succeeded,
    IReadOnlyList<RowError> Errors,
    string? Error,
    IReadOnlyList<PlanStep> Steps,
    IReadOnlyList<GeneratedPassword> Passwords,
    int SiteCount,
    int UserCount,
    long? AuditEntryId,
    int RowCount = 0)
{
    public static ImportResult Rejected(IReadOnlyList<RowError> errors, string? error = null, int rowCount = 0) => new(false, errors, error, [], [], 0, 0, null, rowCount);
}

/// <summary>How the caller treats customer e-mails that have no panel account yet.</summary>
/// <param name="CreatesMissingCustomers">True for the panel, which creates the Customer accounts itself before the apply.</param>
public sealed record ImportOptions(bool CreatesMissingCustomers = false);
