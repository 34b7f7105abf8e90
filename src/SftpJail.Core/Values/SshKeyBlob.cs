using System.Security.Cryptography;
using System.Text;

namespace SftpJail.Core.Values;

/// <summary>
/// Checks the wire structure of a public-key blob (RFC 4253 section 6.6, RFC 5656 section 3.1,
/// RFC 8709 section 4): the type name inside, then exactly the fields that type has, nothing after.
/// </summary>
internal static class SshKeyBlob
{
    private const string Truncated = "The key data is cut short (it may have been truncated or wrapped onto several lines when copied).";

    /// <summary>Null when the blob is a well-formed key of an accepted type; otherwise why not.</summary>
    /// <param name="expectedAlgorithm">The type written before the blob, or null when the blob alone decides (RFC 4716).</param>
    public static string? Check(byte[] blob, string? expectedAlgorithm, out string algorithm, out int bits)
    {
        algorithm = "";
        bits = 0;
        var reader = new SshWireReader(blob);
        if (!reader.TryReadString(out var name))
        {
            return Truncated;
        }

        if (name.Length is 0 or > 64 || name.ContainsAnyExceptInRange((byte)0x21, (byte)0x7e))
        {
            return "The key data does not start with a key type name; it is not an SSH public key.";
        }

        algorithm = Encoding.ASCII.GetString(name);
        if (expectedAlgorithm is not null && algorithm != expectedAlgorithm)
        {
            return $"The key type '{SshKeyText.Echo(expectedAlgorithm)}' does not match the type inside the key data ('{SshKeyText.Echo(algorithm)}').";
        }

        var error = SshKeyAlgorithms.Refusal(algorithm) ?? algorithm switch
        {
            SshKeyAlgorithms.Ed25519 => CheckEd25519(ref reader, out bits),
            SshKeyAlgorithms.Rsa => CheckRsa(ref reader, out bits),
            _ => CheckEcdsa(ref reader, algorithm, out bits),
        };

        if (error is null && !reader.AtEnd)
        {
            error = "The key data has unexpected bytes after the key.";
        }

        return error;
    }

    private static string? CheckEd25519(ref SshWireReader reader, out int bits)
    {
        bits = 256;
        if (!reader.TryReadString(out var point))
        {
            return Truncated;
        }

        return point.Length == 32 ? null : $"An ed25519 public key is 32 bytes; this one has {point.Length}.";
    }

    private static string? CheckRsa(ref SshWireReader reader, out int bits)
    {
        bits = 0;
        if (!reader.TryReadMpint(out var e, out var eNegative) || !reader.TryReadMpint(out var n, out var nNegative))
        {
            return Truncated;
        }

        if (eNegative || nNegative || e.IsEmpty || n.IsEmpty)
        {
            return "The RSA key data holds a negative or zero number; it is not a valid key.";
        }

        if ((e[^1] & 1) == 0 || (e.Length == 1 && e[0] < 3) || (n[^1] & 1) == 0)
        {
            return "The RSA key data has an invalid exponent or modulus (both must be odd, the exponent at least 3).";
        }

        bits = SshWireReader.BitLength(n);
        if (bits < SshKeyAlgorithms.MinRsaBits)
        {
            return $"RSA keys must have at least {SshKeyAlgorithms.MinRsaBits} bits; this one has {bits}. Create a new key with ssh-keygen -t ed25519 (or ssh-keygen -t rsa -b 4096).";
        }

        return bits > SshKeyAlgorithms.MaxRsaBits
            ? $"RSA keys can have at most {SshKeyAlgorithms.MaxRsaBits} bits; this one has {bits}."
            : null;
    }

    private static string? CheckEcdsa(ref SshWireReader reader, string algorithm, out int bits)
    {
        var expectedCurve = algorithm[SshKeyAlgorithms.EcdsaPrefix.Length..];
        (var curve, bits) = expectedCurve switch
        {
            "nistp256" => (ECCurve.NamedCurves.nistP256, 256),
            "nistp384" => (ECCurve.NamedCurves.nistP384, 384),
            _ => (ECCurve.NamedCurves.nistP521, 521),
        };

        if (!reader.TryReadString(out var curveName) || !reader.TryReadString(out var point))
        {
            return Truncated;
        }

        if (!curveName.SequenceEqual(Encoding.ASCII.GetBytes(expectedCurve)))
        {
            return $"The curve inside the key data does not match the key type '{algorithm}'.";
        }

        // Only the uncompressed form (0x04 || X || Y) is used by OpenSSH (SEC 1 section 2.3.3).
        var size = (bits + 7) / 8;
        if (point.Length != 1 + (2 * size) || point[0] != 0x04)
        {
            return $"The {algorithm} key data does not hold an uncompressed {bits}-bit curve point.";
        }

        return IsOnCurve(curve, point[1..(1 + size)].ToArray(), point[(1 + size)..].ToArray())
            ? null
            : $"The {algorithm} key data holds a point that is not on the curve; it is not a valid key.";
    }

    private static bool IsOnCurve(ECCurve curve, byte[] x, byte[] y)
    {
        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters { Curve = curve, Q = new ECPoint { X = x, Y = y } });
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
