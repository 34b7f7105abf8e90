namespace SftpJail.Core.Contract;

/// <summary>One keyword of <c>sshd -T</c> output, lower-case as sshd prints it; repeated keywords are joined with spaces.</summary>
public sealed record EffectiveSetting(string Keyword, string Value);

/// <summary>
/// What sshd really applies to a connection by <see cref="User"/> from 127.0.0.1 (<c>sshd -T -C user=…</c> over the
/// whole configuration, Match blocks evaluated), sorted by keyword. <see cref="Error"/> says why there are none.
/// </summary>
public sealed record EffectiveSettings(string User, IReadOnlyList<EffectiveSetting> Settings, string? Error = null)
{
    public string? this[string keyword] => Settings.FirstOrDefault(s => s.Keyword == keyword)?.Value;
}

/// <summary>Failed SSH logins for one account name from one address since the time asked for.</summary>
/// <param name="Attempts">Each failed authentication counts once; a connection that gave up before any attempt counts once.</param>
/// <param name="UnknownUser">sshd treated the name as invalid (no such account, or refused by AllowGroups).</param>
/// <param name="Source">Where the executor read it: "journal" or a log file path.</param>
public sealed record FailedLogin(string User, string Address, int Attempts, DateTimeOffset LastSeenUtc, bool UnknownUser, string Source);

/// <summary>
/// Failed SSH logins since the time asked for, most attempts first. <see cref="SourceFound"/> is false when the executor
/// found neither a journal nor a syslog file to read: then an empty list means "unknown", not "none".
/// </summary>
/// <param name="Source">"journal", the log file path read, or "none".</param>
public sealed record FailedLoginReport(bool SourceFound, string Source, IReadOnlyList<FailedLogin> Failures)
{
    public static FailedLoginReport NoSource { get; } = new(false, "none", []);
}

/// <summary>
/// A public key found in an admin's own <c>~/.ssh/authorized_keys</c> (ssh-copy-id during an enrolment window) that is
/// not among the admin's SftpJail-managed keys yet. <see cref="Line"/> is the normalised key line (no options), ready
/// to approve; the file's raw text never leaves the executor.
/// </summary>
public sealed record ArrivedKey(string Algorithm, string Fingerprint, string Comment, string Line);
