namespace SftpJail.Data.Audit;

/// <summary>
/// One append-only audit row. <see cref="Hash"/> chains it to the row before (see <see cref="AuditHash"/>), so an edited,
/// removed or reordered row breaks the chain at that point; <see cref="Mac"/> is the executor's keyed countersignature,
/// which nobody without the executor's key can recompute after such an edit.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    /// <summary>JSON of the affected object before the change; never contains a password.</summary>
    public string? Before { get; set; }

    public string? After { get; set; }

    /// <summary>One of <see cref="AuditResults"/>.</summary>
    public required string Result { get; set; }

    public string? Error { get; set; }

    /// <summary>The executor's step summaries, one per line.</summary>
    public string? Detail { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    /// <summary>
    /// The root executor's countersignature (see <see cref="Core.Contract.IAuditNotary"/>), made with a key the panel cannot
    /// read; null when no executor was there to sign (preview mode) or it could not be reached.
    /// </summary>
    public string? Mac { get; set; }
}

public static class AuditResults
{
    /// <summary>The executor applied the change and the database kept it.</summary>
    public const string Applied = "applied";

    /// <summary>The executor refused the desired state before touching the host.</summary>
    public const string Refused = "refused";

    /// <summary>The executor failed (and restored the host) or could not be reached.</summary>
    public const string Failed = "failed";

    /// <summary>An event with no host change (sign-in, reconcile report).</summary>
    public const string Recorded = "recorded";

    public static IReadOnlyList<string> All { get; } = [Applied, Refused, Failed, Recorded];
}
