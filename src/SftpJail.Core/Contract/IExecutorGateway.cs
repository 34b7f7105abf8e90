namespace SftpJail.Core.Contract;

/// <summary>
/// The one contract between the panel/CLI and the privileged executor. Implemented in-process (CLI run as root,
/// tests) and over the executor's Unix domain socket (the panel).
/// </summary>
public interface IExecutorGateway
{
    Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default);

    Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default);

    Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default);

    Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The effective sshd settings for a connection by <paramref name="userName"/> (an admin, a jailed user or "root").
    /// A name the executor refuses, or an sshd that cannot print its configuration, comes back with an error, not thrown.
    /// </summary>
    Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Failed SSH logins per user and address since <paramref name="since"/>, and whether any log could be read.</summary>
    Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Keys in the home <c>.ssh/authorized_keys</c> of <paramref name="adminName"/> (an admin SftpJail manages) that are not
    /// among its SftpJail-managed keys, for a person to approve. Unparseable lines are skipped.
    /// </summary>
    Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default);
}

/// <summary>The executor could not be reached or answered something unreadable.</summary>
public sealed class ExecutorUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
