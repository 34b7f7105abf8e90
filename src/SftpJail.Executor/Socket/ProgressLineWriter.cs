using System.Threading.Channels;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

/// <summary>
/// Sends a streamed apply's progress as response lines while the apply runs. The apply reports synchronously and never
/// waits for the peer: events queue in a bounded channel (the oldest dropped when a slow peer lets it fill, since the
/// final response lists every applied step anyway), and a peer that hung up only stops the lines, never the apply.
/// </summary>
internal sealed class ProgressLineWriter : IProgress<ApplyProgressEvent>
{
    /// <summary>A progress line carries one step without its diff: far below this.</summary>
    public const int MaxLineBytes = 64 * 1024;

    private readonly Channel<ApplyProgressEvent> events = Channel.CreateBounded<ApplyProgressEvent>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    private readonly Task pump;

    public ProgressLineWriter(Stream stream, CancellationToken cancellationToken) =>
        pump = Task.Run(() => PumpAsync(stream, cancellationToken), CancellationToken.None);

    public void Report(ApplyProgressEvent value) =>
        events.Writer.TryWrite(value with { Step = value.Step with { Diff = null } });

    /// <summary>Sends what is queued, then returns: the final response goes on the same stream after it.</summary>
    public async Task DrainAsync()
    {
        events.Writer.TryComplete();
        await pump;
    }

    private async Task PumpAsync(Stream stream, CancellationToken cancellationToken)
    {
        var peerGone = false;
        await foreach (var progress in events.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (peerGone)
            {
                continue;
            }

            try
            {
                await ExecutorFraming.WriteResponseAsync(stream, new ExecutorResponse(true, Progress: progress), MaxLineBytes, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or ExecutorProtocolException
                || ex is System.Net.Sockets.SocketException)
            {
                peerGone = true;
            }
        }
    }
}
