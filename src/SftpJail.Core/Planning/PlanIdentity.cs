using System.Security.Cryptography;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Core.Planning;

/// <summary>
/// Names one previewed change: SHA-256 over the desired state that would be sent and the plan the executor made for it,
/// both in the socket's JSON form (fixed member order, no whitespace). A preview hands it out; an apply recomputes it
/// from what it is about to send and a fresh plan, and refuses when they differ, so what is applied is what was shown.
/// It identifies, it does not authenticate: it may sit in a page (the state holds no password).
/// </summary>
public static class PlanIdentity
{
    private static readonly byte[] Domain = "sftpjail plan identity v1\n"u8.ToArray();

    /// <summary>64 lower-case hex digits.</summary>
    public static string Of(DesiredStateDto state, IReadOnlyList<PlanStep> steps)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(steps);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        AppendFramed(hash, JsonSerializer.SerializeToUtf8Bytes(state, ExecutorJson.Options));
        AppendFramed(hash, JsonSerializer.SerializeToUtf8Bytes(steps, ExecutorJson.Options));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>True when <paramref name="claimed"/> (from a form, a CLI flag) names exactly this state and plan.</summary>
    public static bool Matches(string? claimed, DesiredStateDto state, IReadOnlyList<PlanStep> steps) =>
        claimed is { Length: 64 } && string.Equals(claimed, Of(state, steps), StringComparison.OrdinalIgnoreCase);

    // Length-prefixed, so no split of the bytes between the two parts can produce the same input.
    private static void AppendFramed(IncrementalHash hash, byte[] part)
    {
        Span<byte> length = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, part.LongLength);
        hash.AppendData(length);
        hash.AppendData(part);
    }
}
