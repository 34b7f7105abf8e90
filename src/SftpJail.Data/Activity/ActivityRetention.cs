namespace SftpJail.Data.Activity;

/// <summary>The "Activity" section of the panel's configuration: how much history is kept.</summary>
public sealed class ActivityRetention
{
    public const string Section = "Activity";

    /// <summary>Logins and transfers kept per site (each); older rows go first.</summary>
    public int MaxRowsPerSite { get; set; } = 10_000;

    /// <summary>Rows older than this are deleted whatever the count.</summary>
    public int MaxAgeDays { get; set; } = 90;

    /// <summary>How often the panel pulls new events from the executor in the background.</summary>
    public int PollSeconds { get; set; } = 15;
}

/// <summary>What the last pull found: whether any log source exists, and which.</summary>
/// <param name="Warning">What the sources cannot show (the executor's words), e.g. no transfer log.</param>
/// <param name="RelayForged">Forged lines the executor's chroot log relay dropped since it started, as its last batch said.</param>
public sealed record ActivityStatus(bool SourceFound, IReadOnlyList<string> Sources, DateTimeOffset CheckedAt, string? Error = null, string? Warning = null, long? RelayForged = null)
{
    public static ActivityStatus NeverChecked { get; } = new(false, [], DateTimeOffset.MinValue);
}
