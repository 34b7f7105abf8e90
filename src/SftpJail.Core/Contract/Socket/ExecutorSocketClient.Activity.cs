using SftpJail.Core.Activity;

namespace SftpJail.Core.Contract.Socket;

/// <summary>Customer activity over the socket: the executor reads the logs (it is root) and ends sessions.</summary>
public sealed partial class ExecutorSocketClient : IActivitySource
{
    public async Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default)
    {
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.ReadActivity, ActivityCursor: cursor, MaxEvents: max), cancellationToken);
        return response.Ok
            ? response.Activity ?? throw MissingResult(ExecutorOperation.ReadActivity)
            : throw new ExecutorUnavailableException($"The executor could not read the activity log: {response.Error}");
    }

    public async Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        var response = await SendAsync(new ExecutorRequest(ExecutorOperation.CloseSession, UserName: userName, Pid: pid), cancellationToken);
        return response.Ok
            ? response.SessionClose ?? throw MissingResult(ExecutorOperation.CloseSession)
            : new SessionCloseResult(false, response.Error!);
    }
}
