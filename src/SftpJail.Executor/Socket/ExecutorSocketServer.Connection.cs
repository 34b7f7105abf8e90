using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

public sealed partial class ExecutorSocketServer
{
    private async Task ServeAsync(System.Net.Sockets.Socket connection, CancellationToken cancellationToken)
    {
        using var _ = connection;
        await using var stream = new NetworkStream(connection, ownsSocket: false);
        try
        {
            var peer = PeerCredentials.Read(connection);
            if (!IsAllowed(peer))
            {
                // Answered before reading anything: a refused peer's request (and any password in it) is never looked at.
                logger.LogWarning("Refused a connection from pid {Pid} uid {Uid} gid {Gid}: not the panel.", peer.Pid, peer.Uid, peer.Gid);
                await ExecutorFraming.WriteResponseAsync(stream, ExecutorResponse.Failure(ExecutorResponse.NotAllowed), ExecutorJson.MaxMessageBytes, cancellationToken);
                return;
            }

            var response = await HandleAsync(stream, peer, cancellationToken);
            await WriteResponseAsync(stream, response, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            logger.LogInformation("A connection ended early: {Reason}", ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Serving a connection failed.");
        }
    }

    private bool IsAllowed(PeerCredentials peer) =>
        (peer.Uid == 0 && options.AllowRoot) || (Panel is { } panel && peer.Uid == panel.Uid);

    private async Task<ExecutorResponse> HandleAsync(Stream stream, PeerCredentials peer, CancellationToken cancellationToken)
    {
        ExecutorRequest request;
        using (var readDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            readDeadline.CancelAfter(RequestReadTimeout);
            try
            {
                request = await requests.ReadAsync(stream, readDeadline.Token);
            }
            catch (ExecutorProtocolException ex)
            {
                logger.LogWarning("Unreadable request from pid {Pid} uid {Uid}: {Reason}", peer.Pid, peer.Uid, ex.Message);
                return ExecutorResponse.Failure(ex.Message);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Pid {Pid} uid {Uid} did not send a request within {Timeout}.", peer.Pid, peer.Uid, RequestReadTimeout);
                return ExecutorResponse.Failure($"No request received within {RequestReadTimeout}.");
            }
        }

        var clock = Stopwatch.StartNew();
        try
        {
            var response = await WithProgressAsync(
                request,
                stream,
                async () => await DispatchAuditAsync(request, peer, cancellationToken) ?? await DispatchActivityAsync(request, cancellationToken)
                    ?? await DispatchAsync(request, peer, cancellationToken),
                cancellationToken);
            // The panel polls the logs every few seconds; those reads would drown the changes in the log.
            logger.Log(
                request.Operation == ExecutorOperation.ReadActivity && response.Ok ? LogLevel.Debug : LogLevel.Information,
                "{Operation} for pid {Pid} uid {Uid}: {Outcome} in {Elapsed} ms.",
                request.Operation,
                peer.Pid,
                peer.Uid,
                response.Ok ? "ok" : "refused",
                clock.ElapsedMilliseconds);
            return response;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            // The message goes to the client; the stack trace stays in the journal.
            logger.LogError(ex, "{Operation} for pid {Pid} uid {Uid} failed.", request.Operation, peer.Pid, peer.Uid);
            return ExecutorResponse.Failure(ex.Message);
        }
    }

    /// <summary>An apply that asked for progress sends a line per step (see <see cref="ProgressLineWriter"/>) before its result.</summary>
    private static async Task<ExecutorResponse> WithProgressAsync(ExecutorRequest request, Stream stream, Func<Task<ExecutorResponse>> run, CancellationToken cancellationToken)
    {
        if (request is not { Operation: ExecutorOperation.Apply, StreamProgress: true })
        {
            return await run();
        }

        var writer = new ProgressLineWriter(stream, cancellationToken);
        try
        {
            using (ApplyProgress.Listen(writer))
            {
                return await run();
            }
        }
        finally
        {
            await writer.DrainAsync();
        }
    }

    private async Task<ExecutorResponse> DispatchAsync(ExecutorRequest request, PeerCredentials peer, CancellationToken cancellationToken)
    {
        switch (request.Operation)
        {
            case ExecutorOperation.HostInfo:
                return new ExecutorResponse(true, HostInfo: await gateway.GetHostInfoAsync(cancellationToken));
            case ExecutorOperation.EffectiveSettings when request.UserName is { } userName:
                return new ExecutorResponse(true, EffectiveSettings: await gateway.GetEffectiveSettingsAsync(userName, cancellationToken));
            case ExecutorOperation.FailedLogins when request.Since is { } since:
                return new ExecutorResponse(true, FailedLogins: await gateway.GetRecentFailedLoginsAsync(since, cancellationToken));
            case ExecutorOperation.ArrivedKeys when request.UserName is { } adminName:
                return new ExecutorResponse(true, ArrivedKeys: await gateway.GetArrivedKeysAsync(adminName, cancellationToken));
            case ExecutorOperation.ArrivedKeys:
                return ExecutorResponse.Failure("An ArrivedKeys request needs a userName.");
            case ExecutorOperation.EffectiveSettings:
                return ExecutorResponse.Failure("An EffectiveSettings request needs a userName.");
            case ExecutorOperation.FailedLogins:
                return ExecutorResponse.Failure("A FailedLogins request needs a since time.");
            case ExecutorOperation.Plan when request.State is { } state:
                return new ExecutorResponse(true, Plan: await gateway.PlanAsync(state, cancellationToken));
            case ExecutorOperation.Reconcile when request.State is { } state:
                return new ExecutorResponse(true, Reconcile: await gateway.ReconcileAsync(state, cancellationToken));
            case ExecutorOperation.Apply when request.State is { } state && gateway is ISerializesApplies:
                // The engine queues concurrent applies itself and applies the waiting ones together.
                return new ExecutorResponse(true, Apply: await ApplyForPeerAsync(state, request.Passwords ?? [], peer, cancellationToken));
            case ExecutorOperation.Apply when request.State is { } state:
                // Two applies at once would each plan against a host the other is changing.
                await applyGate.WaitAsync(cancellationToken);
                try
                {
                    return new ExecutorResponse(true, Apply: await ApplyForPeerAsync(state, request.Passwords ?? [], peer, cancellationToken));
                }
                finally
                {
                    applyGate.Release();
                }

            case ExecutorOperation.Plan or ExecutorOperation.Reconcile or ExecutorOperation.Apply:
                return ExecutorResponse.Failure($"A {request.Operation} request needs a state.");
            default:
                return ExecutorResponse.Failure($"Unknown operation {request.Operation}.");
        }
    }

    private async Task WriteResponseAsync(Stream stream, ExecutorResponse response, CancellationToken cancellationToken)
    {
        try
        {
            await ExecutorFraming.WriteResponseAsync(stream, response, ExecutorJson.MaxMessageBytes, cancellationToken);
        }
        catch (ExecutorProtocolException ex) when (ex.Error == ExecutorProtocolError.TooLarge)
        {
            logger.LogError("A response was too large to send: {Reason}", ex.Message);
            await ExecutorFraming.WriteResponseAsync(
                stream,
                ExecutorResponse.Failure($"The executor's answer is larger than the {ExecutorJson.MaxMessageBytes}-byte limit."),
                ExecutorJson.MaxMessageBytes,
                cancellationToken);
        }
    }
}
