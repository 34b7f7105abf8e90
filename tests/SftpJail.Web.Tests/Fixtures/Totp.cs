using System.Security.Cryptography;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>RFC 6238 codes (SHA-1, 30 s, 6 digits), computed independently of Identity, as an authenticator app would.</summary>
public static class Totp
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastUsedStep = new(StringComparer.Ordinal);

    /// <summary>
    /// A code the panel has not accepted yet for this key: the current one, or a later step's when the current step was
    /// used already (a code is accepted once; the panel allows a little clock drift ahead).
    /// </summary>
    public static string Fresh(string base32Key)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var step = LastUsedStep.AddOrUpdate(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(), now, (_, last) => Math.Max(now, last + 1));
        return Code(base32Key, DateTimeOffset.FromUnixTimeSeconds(step * 30));
    }

    public static string Code(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238's default and what authenticator apps (and Identity) use.
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
