namespace SftpJail.Executor.Hardening;

/// <summary>Failed logins for one account name from one address since the report's start.</summary>
/// <param name="Attempts">Each failed authentication counts once; a connection that gave up before any attempt counts once.</param>
/// <param name="UnknownUser">sshd treated the name as invalid (no such account, or refused by AllowGroups/locked).</param>
public sealed record FailedLoginSummary(string User, string Address, int Attempts, DateTimeOffset LastSeenUtc, bool UnknownUser);

public sealed record AcceptedKeyLogin(string User, string Address, string Fingerprint, DateTimeOffset AtUtc);

/// <summary>What the log said, and where it came from ("journal", a file path, or "none" when neither exists).</summary>
/// <param name="SourceFound">False when there was no journal and no readable log file: empty lists then mean "unknown".</param>
public sealed record LoginReport(string Source, IReadOnlyList<FailedLoginSummary> Failures, IReadOnlyList<AcceptedKeyLogin> AcceptedKeys, bool SourceFound = true)
{
    public static LoginReport Nothing { get; } = new("none", [], [], SourceFound: false);
}

public interface IAcceptedKeyLog
{
    /// <summary>The latest logged key login by <paramref name="user"/> with one of <paramref name="fingerprints"/> since <paramref name="since"/>.</summary>
    Task<AcceptedKeyLogin?> FindAcceptedKeyLoginAsync(SftpJail.Core.Values.LinuxUserName user, IReadOnlySet<string> fingerprints, DateTimeOffset since, CancellationToken cancellationToken);
}
