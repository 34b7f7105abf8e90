namespace SftpJail.Core.Contract.Socket;

/// <summary>
/// Reads successive response lines from one connection (a streamed apply's progress lines, then its final response),
/// keeping the bytes read past one newline for the next line. Each line is held to <c>maxBytes</c> as it arrives.
/// </summary>
public sealed class ExecutorLineReader(Stream stream, int maxBytes)
{
    private const int ChunkBytes = 64 * 1024;
    private byte[] buffer = new byte[ChunkBytes];
    private int start;
    private int end;

    public async Task<ExecutorResponse> ReadResponseAsync(CancellationToken cancellationToken, string peer = "the executor") =>
        ExecutorFraming.ParseResponse(await ReadLineAsync(cancellationToken), peer);

    private async Task<byte[]> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0; // bytes after start already searched for a newline
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', start + scanned, end - start - scanned);
            if (newline >= 0)
            {
                if (newline - start > maxBytes)
                {
                    throw TooLarge();
                }

                var line = buffer.AsSpan(start, newline - start).ToArray();
                start = newline + 1;
                return line;
            }

            scanned = end - start;
            if (end - start > maxBytes)
            {
                throw TooLarge();
            }

            if (end == buffer.Length)
            {
                Compact();
            }

            var read = await stream.ReadAsync(buffer.AsMemory(end), cancellationToken);
            if (read == 0)
            {
                throw new ExecutorProtocolException(
                    ExecutorProtocolError.Closed,
                    end == start ? "The connection closed without a message." : "The connection closed in the middle of a message.");
            }

            end += read;
        }

        ExecutorProtocolException TooLarge() => new(ExecutorProtocolError.TooLarge, $"The message exceeds {maxBytes} bytes.");
    }

    /// <summary>Moves the unread bytes to the front, growing the buffer (up to the limit plus one chunk) when they fill it.</summary>
    private void Compact()
    {
        var pending = end - start;
        var target = pending < buffer.Length / 2 ? buffer : new byte[Math.Min((long)buffer.Length * 2, maxBytes + (long)ChunkBytes)];
        Buffer.BlockCopy(buffer, start, target, 0, pending);
        buffer = target;
        start = 0;
        end = pending;
    }
}
