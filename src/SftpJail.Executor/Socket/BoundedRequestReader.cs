using System.Buffers;
using System.Security.Cryptography;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

/// <summary>
/// Reads one request line in fixed chunks, refusing it once it passes the size limit, and reserving every chunk after
/// the first from the shared <see cref="RequestMemoryBudget"/> (waiting for it while the deadline allows). The chunks
/// are parsed in place (no contiguous copy of a large request) and zeroed afterwards: a request can carry passwords.
/// </summary>
internal sealed class BoundedRequestReader(int maxBytes, RequestMemoryBudget budget)
{
    /// <summary>Below the large-object heap's threshold, so finished buffers go back with an ordinary collection.</summary>
    public const int ChunkBytes = 64 * 1024;

    public const string BusyMessage = "The executor is busy receiving other large requests; try again.";

    public async Task<ExecutorRequest> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        long reserved = 0;
        try
        {
            var length = 0L;
            var filled = 0;
            while (true)
            {
                if (chunks.Count == 0 || filled == ChunkBytes)
                {
                    if (chunks.Count > 0)
                    {
                        await ReserveAsync(cancellationToken);
                        reserved += ChunkBytes;
                    }

                    chunks.Add(new byte[ChunkBytes]);
                    filled = 0;
                }

                var chunk = chunks[^1];
                var read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    throw new ExecutorProtocolException(
                        ExecutorProtocolError.Closed,
                        length == 0 ? "The connection closed without a message." : "The connection closed in the middle of a message.");
                }

                var newline = chunk.AsSpan(filled, read).IndexOf((byte)'\n');
                var end = newline >= 0 ? length + newline : length + read;
                if (end > maxBytes)
                {
                    throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, $"The message exceeds {maxBytes} bytes.");
                }

                if (newline >= 0)
                {
                    return ExecutorFraming.ParseRequest(Sequence(chunks, filled + newline));
                }

                filled += read;
                length += read;
            }
        }
        finally
        {
            foreach (var chunk in chunks)
            {
                CryptographicOperations.ZeroMemory(chunk);
            }

            budget.Release(reserved);
        }
    }

    private async Task ReserveAsync(CancellationToken cancellationToken)
    {
        var delay = 5;
        while (!budget.TryReserve(ChunkBytes))
        {
            // The read deadline bounds this wait; a peer that cannot get memory in time is told the executor is busy.
            try
            {
                await Task.Delay(delay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, BusyMessage);
            }

            delay = Math.Min(delay * 2, 100);
        }
    }

    /// <summary>The first <paramref name="lastLength"/> bytes of the last chunk and all of the others, as one sequence.</summary>
    private static ReadOnlySequence<byte> Sequence(List<byte[]> chunks, int lastLength)
    {
        if (chunks.Count == 1)
        {
            return new ReadOnlySequence<byte>(chunks[0], 0, lastLength);
        }

        var first = new Segment(chunks[0], 0);
        var last = first;
        for (var i = 1; i < chunks.Count; i++)
        {
            last = last.Append(i == chunks.Count - 1 ? chunks[i].AsMemory(0, lastLength) : chunks[i]);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
