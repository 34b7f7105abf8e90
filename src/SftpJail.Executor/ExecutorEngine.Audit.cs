using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Executor.Audit;

namespace SftpJail.Executor;

/// <summary>
/// The executor's own audit: every apply goes through here, is journaled, and a host-access change from anyone but root
/// is held until root approves it; the panel's audit rows are countersigned with a key only root can read.
/// </summary>
public sealed partial class ExecutorEngine : ICallerAwareGateway, IAuditNotary, IHostAccessApprovals
{
    private static readonly SemaphoreSlim GateLock = new(1, 1);

    private ExecutorAuditPaths AuditPaths => new(profile.StateDir);

    internal ExecutorJournal Journal => new(AuditPaths, files);

    private AuditNotary Notary => new(AuditPaths, files, Journal);

    private HostAccessApprovalStore Approvals => new(AuditPaths, files, TimeProvider.System);

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default) =>
        ApplyAsync(state, passwords, ExecutorCaller.InProcess, cancellationToken);

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, ExecutorCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(passwords);
        ArgumentNullException.ThrowIfNull(caller);

        // Held from the comparison with the last applied state until the apply recorded a new one, so what was checked is what runs.
        await GateLock.WaitAsync(cancellationToken);
        try
        {
            HostAccessChange change;
            HostAccessDecision? decision = null;
            try
            {
                change = HostAccessChange.Between(LastApplied, state, passwords, DateTimeOffset.UtcNow);
                if (change.Any && !caller.IsRoot)
                {
                    decision = Approvals.Decide(change, caller);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or System.Text.Json.JsonException or Files.UnsafePathException)
            {
                logger.LogError(ex, "Apply failed before changing the host: the host-access check could not run");
                return ApplyResult.Failed($"The executor failed: {ex.Message}");
            }

            var detail = change.Summary.ToList();
            if (decision is { Approved: false })
            {
                var refusal =
                    $"This host-access change ({string.Join("; ", change.Summary)}) came from uid {caller.Uid}, not root, and needs root's approval: " +
                    $"on the host run 'sudo sftpjail host-access approve {decision.Code}', then submit the same change again within " +
                    $"{HostAccessApprovalStore.Lifetime.TotalMinutes:0} minutes.";
                Record(caller, "host-access.held", "refused", [$"approval code {decision.Code}", .. detail], refusal);
                return ApplyResult.Refused(refusal);
            }

            if (decision is { Approved: true })
            {
                detail.Insert(0, $"approved by root under code {decision.Code}");
            }

            var result = await ApplyQueuedAsync(state, passwords, cancellationToken);
            if (result.Applied.Count > 0 || !result.Succeeded || change.Any)
            {
                var outcome = result.Succeeded ? "applied" : result.IsRefusal ? "refused" : "failed";
                Record(caller, "apply", outcome, [.. detail, .. result.Applied.Select(s => s.ToString())], result.Error);
            }

            return result;
        }
        finally
        {
            GateLock.Release();
        }
    }

    public Task<AuditCountersignResult> CountersignAsync(IReadOnlyList<AuditRowHash> rows, CancellationToken cancellationToken = default) =>
        Notary.CountersignAsync(rows, cancellationToken);

    public Task<AuditNotaryCheck> CheckAsync(IReadOnlyList<AuditSealedRow> rows, CancellationToken cancellationToken = default) =>
        Notary.CheckAsync(rows, cancellationToken);

    public Task<IReadOnlyList<PendingHostAccessChange>> ListPendingHostAccessAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Approvals.List());

    public Task<PendingHostAccessChange> ApproveHostAccessAsync(string code, CancellationToken cancellationToken = default) =>
        Task.FromResult(ApproveHostAccess(code, ExecutorCaller.InProcess));

    /// <summary>Only for root: the socket server refuses anyone else before calling this.</summary>
    public PendingHostAccessChange ApproveHostAccess(string code, ExecutorCaller caller)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(caller);
        var approved = Approvals.Approve(code);
        Record(caller, "host-access.approve", "recorded", [$"approval code {approved.Code}", .. approved.Summary]);
        return approved;
    }

    /// <summary>Journals an event; a journal that cannot be written is logged, never turned into a different apply result.</summary>
    private void Record(ExecutorCaller caller, string @event, string outcome, IReadOnlyList<string> detail, string? error = null)
    {
        try
        {
            Journal.Append(caller, @event, outcome, detail, error);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Could not write the executor journal for {Event} by {Caller}", @event, caller);
        }
    }
}
