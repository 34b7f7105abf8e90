using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Audit;

namespace SftpJail.Executor.Socket;

/// <summary>
/// The audit notary and host-access approval requests, and applies on behalf of the peer: the engine needs to know
/// who asked, since only root may change host access without an approval.
/// </summary>
public sealed partial class ExecutorSocketServer
{
    private const string RootOnly = "Only root approves host-access changes: run 'sudo sftpjail host-access' on the host.";

    private Task<ApplyResult> ApplyForPeerAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, PeerCredentials peer, CancellationToken cancellationToken) =>
        gateway is ICallerAwareGateway engine
            ? engine.ApplyAsync(state, passwords, ExecutorCaller.FromPeer(peer), cancellationToken)
            : gateway.ApplyAsync(state, passwords, cancellationToken);

    /// <summary>Null when the request is none of these operations.</summary>
    private async Task<ExecutorResponse?> DispatchAuditAsync(ExecutorRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case ExecutorOperation.CountersignAudit or ExecutorOperation.CheckAudit when gateway is not IAuditNotary:
                return ExecutorResponse.Failure("This executor does not countersign audit entries.");
            case ExecutorOperation.CountersignAudit when request.AuditRows is { } rows:
                return new ExecutorResponse(true, Countersign: await ((IAuditNotary)gateway).CountersignAsync(rows, cancellationToken));
            case ExecutorOperation.CheckAudit when request.SealedRows is { } sealedRows:
                return new ExecutorResponse(true, AuditCheck: await ((IAuditNotary)gateway).CheckAsync(sealedRows, cancellationToken));
            case ExecutorOperation.CountersignAudit or ExecutorOperation.CheckAudit:
                return ExecutorResponse.Failure($"A {request.Operation} request needs rows.");
            case ExecutorOperation.PendingHostAccess or ExecutorOperation.ApproveHostAccess when peer.Uid != 0:
                return ExecutorResponse.Failure(RootOnly);
            case ExecutorOperation.PendingHostAccess or ExecutorOperation.ApproveHostAccess when gateway is not ExecutorEngine:
                return ExecutorResponse.Failure("This executor holds no host-access changes.");
            case ExecutorOperation.PendingHostAccess:
                return new ExecutorResponse(true, PendingHostAccess: await ((ExecutorEngine)gateway).ListPendingHostAccessAsync(cancellationToken));
            case ExecutorOperation.ApproveHostAccess when request.ApprovalCode is { } code:
                return new ExecutorResponse(true, PendingHostAccess: [((ExecutorEngine)gateway).ApproveHostAccess(code, ExecutorCaller.FromPeer(peer))]);
            case ExecutorOperation.ApproveHostAccess:
                return ExecutorResponse.Failure("An ApproveHostAccess request needs an approvalCode.");
            default:
                return null;
        }
    }
}
