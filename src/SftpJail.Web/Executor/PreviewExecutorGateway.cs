using SftpJail.Core.Contract;

namespace SftpJail.Web.Executor;

/// <summary>
/// Wraps a real engine so that plans, reconciles and host information work while every apply is refused. Used when
/// the panel runs without the privileges to change the host, so a demo never half-applies anything.
/// </summary>
public sealed class PreviewExecutorGateway(IExecutorGateway inner) : IExecutorGateway
{
    public const string RefusalMessage = "preview mode: nothing is changed on this host";

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        inner.PlanAsync(state, cancellationToken);

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default) =>
        Task.FromResult(ApplyResult.Refused(RefusalMessage));

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        inner.ReconcileAsync(state, cancellationToken);

    public async Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) =>
        (await inner.GetHostInfoAsync(cancellationToken)) with { CanChangeHost = false };

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) =>
        inner.GetEffectiveSettingsAsync(userName, cancellationToken);

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        inner.GetRecentFailedLoginsAsync(since, cancellationToken);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) =>
        inner.GetArrivedKeysAsync(adminName, cancellationToken);
}
