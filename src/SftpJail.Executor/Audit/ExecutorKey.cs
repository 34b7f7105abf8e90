using System.Security.Cryptography;
using System.Text;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Audit;

/// <summary>
/// The executor's secret: 32 random bytes in a root-only 0600 file in its state directory, created on first use. The
/// panel never reads it, so the MACs made with it (audit countersignatures, the journal's chain, approval digests)
/// cannot be recomputed by anyone who only has the panel's uid or the database.
/// </summary>
internal sealed class ExecutorKey
{
    public const int PrivateFile = 0b110_000_000; // 0600
    private const int KeyBytes = 32;

    private readonly byte[] key;

    private ExecutorKey(byte[] key) => this.key = key;

    /// <summary>Call under the <see cref="StateDirLock"/>, so two processes starting at once cannot each create a key.</summary>
    public static ExecutorKey LoadOrCreate(HostFileSystem files, AbsolutePath path)
    {
        var entry = files.Inspect(path);
        if (!entry.Exists)
        {
            var created = RandomNumberGenerator.GetBytes(KeyBytes);
            new AtomicFileWriter(files).Write(path, created, PrivateFile);
            return new ExecutorKey(created);
        }

        // Anyone else able to read it could forge countersignatures: refuse to use it rather than trust it.
        if ((entry.Uid != 0 && entry.Uid != Native.LibC.getuid()) || (entry.Mode & 0b000_111_111) != 0)
        {
            throw new InvalidOperationException($"The executor key {path} must be a 0600 file owned by the executor (it is uid {entry.Uid}, mode {Convert.ToString(entry.Mode & 0xFFF, 8)}).");
        }

        var bytes = files.ReadBytesNoFollow(path) ?? throw new FileNotFoundException($"{path} disappeared while being read.");
        return bytes.Length == KeyBytes ? new ExecutorKey(bytes) : throw new InvalidDataException($"The executor key {path} is not {KeyBytes} bytes.");
    }

    /// <summary>Lower-case hex HMAC-SHA256 of the UTF-8 of <paramref name="purpose"/> and the parts, one per line.</summary>
    public string Mac(string purpose, params ReadOnlySpan<string> parts)
    {
        var text = new StringBuilder(purpose);
        foreach (var part in parts)
        {
            text.Append('\n').Append(part);
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Compares two hex MACs in constant time.</summary>
    public static bool Same(string expected, string actual) =>
        expected.Length == actual.Length && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}
