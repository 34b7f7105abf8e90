using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Executor.Audit;
using SftpJail.Executor.Queue;

namespace SftpJail.Executor;

/// <summary>
/// The executor's own audit: every apply is checked and journaled per request (through the batcher, which applies the
/// waiting ones together), and a host-access change from anyone but root is held until root approves it; the panel's audit rows are countersigned with a key only root can read.
/// </summary>
public sealed partial class ExecutorEngine : ICallerAwareGateway, IAuditNotary, IHostAccessApprovals, IBatchedApplyHost
{
    private ExecutorAuditPaths AuditPaths => new(profile.StateDir);

    internal ExecutorJournal Journal => new(AuditPaths, files);

    private AuditNotary Notary => new(AuditPaths, files, Journal);

    private HostAccessApprovalStore Approvals => new(AuditPaths, files, TimeProvider.System);

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default) =>
        ApplyAsync(state, passwords, ExecutorCaller.InProcess, cancellationToken);

    /// <summary>
    /// Queued with every other apply: the batcher checks this request's host access on its own (held for root unless
    /// root sent it or approved it), applies it together with the others waiting, and journals its own result.
    /// </summary>
    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, ExecutorCaller caller, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(passwords);
        ArgumentNullException.ThrowIfNull(caller);
        return Batcher.SubmitAsync(new ApplyRequest(state, passwords, caller), cancellationToken);
    }

    /// <summary>Runs under the host lock, with <paramref name="baseline"/> the state applied (or about to be, in the same batch) before it.</summary>
    Admission IBatchedApplyHost.Admit(ApplyRequest request, DesiredStateDto? baseline)
    {
        HostAccessChange change;
        HostAccessDecision? decision = null;
        try
        {
            change = HostAccessChange.Between(baseline, request.State, request.Passwords, DateTimeOffset.UtcNow);
            if (change.Any && !request.Caller.IsRoot)
            {
                decision = Approvals.Decide(change, request.Caller);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or InvalidDataException or System.Text.Json.JsonException or Files.UnsafePathException)
        {
            logger.LogError(ex, "Apply failed before changing the host: the host-access check could not run");
            return new Admission(ApplyResult.Failed($"The executor failed: {ex.Message}"), [], false);
        }

        var detail = change.Summary.ToList();
        if (decision is { Approved: false })
        {
            var refusal =
                $"This host-access change ({string.Join("; ", change.Summary)}) came from uid {request.Caller.Uid}, not root, and needs root's approval: " +
                $"on the host run 'sudo sftpjail host-access approve {decision.Code}', then submit the same change again within " +
                $"{HostAccessApprovalStore.Lifetime.TotalMinutes:0} minutes.";
            Record(request.Caller, "host-access.held", "refused", [$"approval code {decision.Code}", .. detail], refusal);

            // Journaled here, as held; the batcher's answer adds no second line for it.
            return new Admission(ApplyResult.Refused(refusal), [], false) { Journaled = true };
        }

        if (decision is { Approved: true })
        {
            detail.Insert(0, $"approved by root under code {decision.Code}");
        }

        return new Admission(null, detail, change.Any);
    }

    void IBatchedApplyHost.Answered(ApplyRequest request, Admission admission, ApplyResult result, BatchShare share)
    {
        if (admission.Journaled || (result.Applied.Count == 0 && result.Succeeded && !admission.ChangesHostAccess))
        {
            return;
        }

        var outcome = result.Succeeded ? "applied" : result.IsRefusal ? "refused" : "failed";
        IEnumerable<string> batched = share.Requests > 1 ? [$"applied in one run with {share.Requests - 1} other request(s), as generation {share.AppliedGeneration}"] : [];
        Record(request.Caller, "apply", outcome, [.. admission.Detail, .. batched, .. result.Applied.Select(s => s.ToString())], result.Error);
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
