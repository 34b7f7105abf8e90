using System.Security.Cryptography;
using System.Text.Json;

namespace SftpJail.Core.Contract.Socket;

/// <summary>
/// Newline-delimited JSON over a stream: one message is one line of UTF-8 JSON ending in '\n'. The JSON writer never
/// emits a raw newline (it escapes it inside strings), so the first '\n' always ends the message.
/// </summary>
public static class ExecutorFraming
{
    private const byte Newline = (byte)'\n';
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The peer names used in <see cref="ExecutorContract.Refusal"/> messages.</summary>
    private const string Panel = "the panel";
    private const string Client = "this client (panel or CLI)";
    private const string Executor = "this executor";

    public static Task WriteRequestAsync(Stream stream, ExecutorRequest request, int maxBytes, CancellationToken cancellationToken) =>
        WriteAsync(stream, JsonSerializer.SerializeToUtf8Bytes(request with { Contract = request.Contract ?? ExecutorContract.Current.ToString() }, ExecutorJsonContext.Default.ExecutorRequest), maxBytes, cancellationToken);

    public static Task WriteResponseAsync(Stream stream, ExecutorResponse response, int maxBytes, CancellationToken cancellationToken) =>
        WriteAsync(stream, JsonSerializer.SerializeToUtf8Bytes(response with { Contract = response.Contract ?? ExecutorContract.Current.ToString() }, ExecutorJsonContext.Default.ExecutorResponse), maxBytes, cancellationToken);

    public static async Task<ExecutorRequest> ReadRequestAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(stream, maxBytes, cancellationToken);
        try
        {
            return ParseRequest(new System.Buffers.ReadOnlySequence<byte>(line));
        }
        finally
        {
            // A request can carry passwords: do not leave them in a buffer the GC may keep around.
            CryptographicOperations.ZeroMemory(line);
        }
    }

    /// <summary>
    /// Parses one request line already read (without its newline), e.g. from the server's chunked reader, and refuses
    /// a request of an incompatible <see cref="ExecutorContract"/> (<see cref="ExecutorProtocolError.Incompatible"/>),
    /// also when the rest of it does not parse.
    /// </summary>
    public static ExecutorRequest ParseRequest(System.Buffers.ReadOnlySequence<byte> line)
    {
        ExecutorRequest request;
        try
        {
            var reader = new Utf8JsonReader(line);
            request = JsonSerializer.Deserialize(ref reader, ExecutorJsonContext.Default.ExecutorRequest)
                ?? throw new ExecutorProtocolException(ExecutorProtocolError.Malformed, "The message is JSON null.");
        }
        catch (JsonException ex)
        {
            ThrowIfIncompatible(ExecutorContract.Probe(line), Panel, Executor);

            // Only the path: the message of a JsonException can quote the offending text, and a request carries passwords.
            throw new ExecutorProtocolException(ExecutorProtocolError.Malformed, $"The message is not valid for the executor contract (at {ex.Path ?? "$"}).");
        }

        ThrowIfIncompatible(request.Contract, Panel, Executor);
        return request;
    }

    /// <summary>Throws <see cref="ExecutorProtocolError.Incompatible"/> when <paramref name="peerVersion"/> cannot talk to <see cref="ExecutorContract.Current"/>.</summary>
    public static void ThrowIfIncompatible(string? peerVersion, string peer, string self)
    {
        if (ExecutorContract.Refusal(peerVersion, peer, self) is { } refusal)
        {
            throw new ExecutorProtocolException(ExecutorProtocolError.Incompatible, refusal);
        }
    }

    /// <summary>Reads one response; one of an incompatible <see cref="ExecutorContract"/> is refused (<see cref="ExecutorProtocolError.Incompatible"/>).</summary>
    public static async Task<ExecutorResponse> ReadResponseAsync(Stream stream, int maxBytes, CancellationToken cancellationToken, string peer = "the executor") =>
        ParseResponse(await ReadLineAsync(stream, maxBytes, cancellationToken), peer);

    /// <summary>Parses one response line already read (without its newline), checking its contract as <see cref="ReadResponseAsync"/> does.</summary>
    public static ExecutorResponse ParseResponse(byte[] line, string peer = "the executor")
    {
        ExecutorResponse response;
        try
        {
            response = Deserialize(line, ExecutorJsonContext.Default.ExecutorResponse);
        }
        catch (ExecutorProtocolException)
        {
            ThrowIfIncompatible(ExecutorContract.Probe(new System.Buffers.ReadOnlySequence<byte>(line)), peer, Client);
            throw;
        }

        ThrowIfIncompatible(response.Contract, peer, Client);
        return response;
    }

    /// <summary>Reads up to the first newline; refuses a line longer than <paramref name="maxBytes"/> as soon as it is seen.</summary>
    public static async Task<byte[]> ReadLineAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[Math.Min(ChunkBytes, maxBytes + 1)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length > maxBytes)
                {
                    CryptographicOperations.ZeroMemory(buffer);
                    throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, $"The message exceeds {maxBytes} bytes.");
                }

                var larger = new byte[Math.Min((long)buffer.Length * 2, maxBytes + 1L)];
                buffer.AsSpan().CopyTo(larger);
                CryptographicOperations.ZeroMemory(buffer);
                buffer = larger;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                CryptographicOperations.ZeroMemory(buffer);
                throw new ExecutorProtocolException(
                    ExecutorProtocolError.Closed,
                    length == 0 ? "The connection closed without a message." : "The connection closed in the middle of a message.");
            }

            var newline = buffer.AsSpan(length, read).IndexOf(Newline);
            if (newline >= 0)
            {
                var end = length + newline;
                if (end > maxBytes)
                {
                    CryptographicOperations.ZeroMemory(buffer);
                    throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, $"The message exceeds {maxBytes} bytes.");
                }

                var line = buffer.AsSpan(0, end).ToArray();
                CryptographicOperations.ZeroMemory(buffer);
                return line;
            }

            length += read;
        }
    }

    private static async Task WriteAsync(Stream stream, byte[] json, int maxBytes, CancellationToken cancellationToken)
    {
        try
        {
            if (json.Length > maxBytes)
            {
                throw new ExecutorProtocolException(ExecutorProtocolError.TooLarge, $"The message is {json.Length} bytes; the limit is {maxBytes}.");
            }

            await stream.WriteAsync(json, cancellationToken);
            await stream.WriteAsync(new[] { Newline }, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    private static T Deserialize<T>(byte[] line, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(line, typeInfo)
                ?? throw new ExecutorProtocolException(ExecutorProtocolError.Malformed, "The message is JSON null.");
        }
        catch (JsonException ex)
        {
            // Only the path: the message of a JsonException can quote the offending text, and a request carries passwords.
            throw new ExecutorProtocolException(ExecutorProtocolError.Malformed, $"The message is not valid for the executor contract (at {ex.Path ?? "$"}).");
        }
    }
}

public enum ExecutorProtocolError
{
    Closed,
    TooLarge,
    Malformed,

    /// <summary>The peer speaks another major <see cref="ExecutorContract"/> version.</summary>
    Incompatible,
}

/// <summary>The other side broke the framing or the contract; <see cref="Exception.Message"/> never quotes the payload.</summary>
public sealed class ExecutorProtocolException(ExecutorProtocolError error, string message) : Exception(message)
{
    public ExecutorProtocolError Error { get; } = error;
}
