namespace SftpJail.Core.Activity;

/// <summary>
/// The events read since a cursor, and the cursor to ask from next time (opaque to the panel; the executor checks it).
/// </summary>
/// <param name="SourceFound">False when the executor found no log at all: an empty list then means "unknown", not "nothing happened".</param>
/// <param name="Sources">What was read, in words ("journal", a file path).</param>
/// <param name="More">True when the batch was cut at its limit and more events wait behind <paramref name="Cursor"/>.</param>
/// <param name="Warning">A part of the activity no source carries (internal-sftp's transfer log without the chroot relay).</param>
/// <param name="RelayForged">Lines the executor's chroot log relay dropped as forged since the executor started (null: no relay runs).</param>
public sealed record ActivityBatch(bool SourceFound, IReadOnlyList<string> Sources, IReadOnlyList<ActivityEvent> Events, string Cursor, bool More = false, string? Warning = null, long? RelayForged = null)
{
    public static ActivityBatch NoSource(string cursor) => new(false, [], [], cursor);
}

/// <summary>The executor's answer to "close this session": whether it signalled the process, and why not.</summary>
public sealed record SessionCloseResult(bool Closed, string Message);
