namespace SftpJail.Core.Activity;

/// <summary>
/// Customer activity from sshd's log, read by the executor (root reads the journal and the log files; the panel may
/// not) and pulled by the panel, which attributes it to sites and stores it.
/// </summary>
public interface IActivitySource
{
    /// <summary>The biggest batch one call returns; the panel asks again while <see cref="ActivityBatch.More"/>.</summary>
    const int MaxEventsPerBatch = 2000;

    /// <summary>Events after <paramref name="cursor"/> (null: from the start of each source), at most <paramref name="max"/>.</summary>
    Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends one SFTP session by signalling its process, only after checking that <paramref name="pid"/> is an sshd
    /// process running as <paramref name="userName"/>, a jailed account this executor manages.
    /// </summary>
    Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default);
}
