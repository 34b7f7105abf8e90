namespace SftpJail.Core.Contract.Socket;

/// <summary>The audit notary and host-access approvals over the socket; the executor decides who may use which.</summary>
public sealed partial class ExecutorSocketClient : IAuditNotary, IHostAccessApprovals
{
    public async Task<AuditCountersignResult> CountersignAsync(IReadOnlyList<AuditRowHash> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.CountersignAudit, AuditRows: rows), cancellationToken);
        return response.Ok
            ? response.Countersign ?? throw MissingResult(ExecutorOperation.CountersignAudit)
            : throw new ExecutorUnavailableException($"The executor did not countersign the audit entry: {response.Error}");
    }

    public async Task<AuditNotaryCheck> CheckAsync(IReadOnlyList<AuditSealedRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.CheckAudit, SealedRows: rows), cancellationToken);
        return response.Ok
            ? response.AuditCheck ?? throw MissingResult(ExecutorOperation.CheckAudit)
            : throw new ExecutorUnavailableException($"The executor could not check the audit trail: {response.Error}");
    }

    public async Task<IReadOnlyList<PendingHostAccessChange>> ListPendingHostAccessAsync(CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.PendingHostAccess), cancellationToken);
        return response.Ok
            ? response.PendingHostAccess ?? throw MissingResult(ExecutorOperation.PendingHostAccess)
            : throw new InvalidOperationException(response.Error);
    }

    public async Task<PendingHostAccessChange> ApproveHostAccessAsync(string code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.ApproveHostAccess, ApprovalCode: code), cancellationToken);
        return response.Ok
            ? response.PendingHostAccess?.SingleOrDefault() ?? throw MissingResult(ExecutorOperation.ApproveHostAccess)
            : throw new InvalidOperationException(response.Error);
    }
}
