using System.Diagnostics;
using SftpJail.Core.Contract;

namespace SftpJail.Data.Services;

/// <summary>The executor as the site service sees it when an <see cref="IApplyObserver"/> is registered: every call passes through unchanged.</summary>
internal sealed class ObservedExecutorGateway(IExecutorGateway inner, IApplyObserver observer) : IExecutorGateway
{
    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        inner.PlanAsync(state, cancellationToken);

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        ApplyResult? result = null;
        try
        {
            result = await inner.ApplyAsync(state, passwords, cancellationToken);
            return result;
        }
        finally
        {
            observer.Applied(result, Stopwatch.GetElapsedTime(started));
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        var result = await inner.ReconcileAsync(state, cancellationToken);
        observer.Reconciled(result);
        return result;
    }

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) => inner.GetHostInfoAsync(cancellationToken);

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) =>
        inner.GetEffectiveSettingsAsync(userName, cancellationToken);

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        inner.GetRecentFailedLoginsAsync(since, cancellationToken);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) =>
        inner.GetArrivedKeysAsync(adminName, cancellationToken);
}
