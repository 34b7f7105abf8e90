using System.Buffers.Binary;
using System.Text;

namespace SftpJail.Core.Tests.Values;

/// <summary>Writes RFC 4253 wire fields, to craft key blobs that ssh-keygen would never produce.</summary>
internal sealed class SshBlob
{
    private readonly MemoryStream bytes = new();

    public SshBlob String(string text) => String(Encoding.ASCII.GetBytes(text));

    public SshBlob String(byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)data.Length);
        bytes.Write(length);
        bytes.Write(data);
        return this;
    }

    public SshBlob Raw(params byte[] data)
    {
        bytes.Write(data);
        return this;
    }

    public byte[] ToArray() => bytes.ToArray();

    public string ToBase64() => Convert.ToBase64String(ToArray());

    /// <summary>An odd positive number of exactly <paramref name="bits"/> bits, as mpint bytes (leading 0x00 when the top bit is set).</summary>
    public static byte[] OddNumber(int bits)
    {
        var magnitude = new byte[(bits + 7) / 8];
        Array.Fill(magnitude, (byte)0x5a);
        var topBits = bits % 8 == 0 ? 8 : bits % 8;
        magnitude[0] = (byte)(1 << (topBits - 1));
        magnitude[^1] |= 1;
        return (magnitude[0] & 0x80) != 0 ? [0, .. magnitude] : magnitude;
    }
}
