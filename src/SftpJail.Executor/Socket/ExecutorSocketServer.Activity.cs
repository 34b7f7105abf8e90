using SftpJail.Core.Activity;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

/// <summary>Activity reads and session closes; the engine checks the user and the process itself.</summary>
public sealed partial class ExecutorSocketServer
{
    /// <summary>Null when the request is neither operation.</summary>
    private async Task<ExecutorResponse?> DispatchActivityAsync(ExecutorRequest request, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case ExecutorOperation.ReadActivity or ExecutorOperation.CloseSession when gateway is not IActivitySource:
                return ExecutorResponse.Failure("This executor reads no activity log.");
            case ExecutorOperation.ReadActivity:
                return new ExecutorResponse(true, Activity: await ((IActivitySource)gateway).ReadActivityAsync(
                    request.ActivityCursor, request.MaxEvents ?? IActivitySource.MaxEventsPerBatch, cancellationToken));
            case ExecutorOperation.CloseSession when request.UserName is { } user && request.Pid is { } pid:
                return new ExecutorResponse(true, SessionClose: await ((IActivitySource)gateway).CloseSessionAsync(user, pid, cancellationToken));
            case ExecutorOperation.CloseSession:
                return ExecutorResponse.Failure("A CloseSession request needs a userName and a pid.");
            default:
                return null;
        }
    }
}
