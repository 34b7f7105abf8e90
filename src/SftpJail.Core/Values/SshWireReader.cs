using System.Buffers.Binary;
using System.Numerics;

namespace SftpJail.Core.Values;

/// <summary>
/// Reads the RFC 4253 section 5 wire types a public-key blob is made of: uint32 big-endian
/// length-prefixed strings, and mpints (two's complement, big-endian) carried in such strings.
/// </summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> rest = data;

    public readonly bool AtEnd => rest.IsEmpty;

    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (rest.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt32BigEndian(rest);
        if (length > (uint)(rest.Length - 4))
        {
            return false;
        }

        value = rest.Slice(4, (int)length);
        rest = rest[(4 + (int)length)..];
        return true;
    }

    /// <summary>Reads an mpint and returns its magnitude without leading zero bytes; false when truncated.</summary>
    public bool TryReadMpint(out ReadOnlySpan<byte> magnitude, out bool negative)
    {
        negative = false;
        if (!TryReadString(out magnitude))
        {
            return false;
        }

        negative = magnitude.Length > 0 && (magnitude[0] & 0x80) != 0;
        // OpenSSH (sshbuf_get_bignum2) tolerates redundant leading zeros; so does this reader.
        while (magnitude.Length > 0 && magnitude[0] == 0)
        {
            magnitude = magnitude[1..];
        }

        return true;
    }

    public static int BitLength(ReadOnlySpan<byte> magnitude) =>
        magnitude.IsEmpty ? 0 : ((magnitude.Length - 1) * 8) + (32 - BitOperations.LeadingZeroCount((uint)magnitude[0]));
}
