using System.Security.Cryptography;
using System.Text;

namespace SftpJail.Data.ApiTokens;

/// <summary>
/// The token text: <c>sjt_</c> (recognisable by secret scanners and in a leaked file), a random key id that finds the
/// row, and a 256-bit random secret, <c>sjt_0123456789abcdef_&lt;43 base64url chars&gt;</c>. Only the secret's SHA-256
/// is kept; a 256-bit random secret needs no slow hash.
/// </summary>
public static class ApiTokenSecret
{
    public const string Prefix = "sjt_";
    private const int KeyIdBytes = 8;
    private const int SecretBytes = 32;
    private const int KeyIdChars = KeyIdBytes * 2;
    private const int SecretChars = 43;

    public static int Length => Prefix.Length + KeyIdChars + 1 + SecretChars;

    public static (string Token, string KeyId, string SecretHash) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(KeyIdBytes));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(SecretBytes));
        return ($"{Prefix}{keyId}_{secret}", keyId, Hash(secret));
    }

    /// <summary>Splits a presented token; false for anything not shaped like one (nothing else is looked at).</summary>
    public static bool TryParse(string? text, out string keyId, out string secret)
    {
        keyId = secret = "";
        if (text is null || text.Length != Length || !text.StartsWith(Prefix, StringComparison.Ordinal) || text[Prefix.Length + KeyIdChars] != '_')
        {
            return false;
        }

        var id = text.Substring(Prefix.Length, KeyIdChars);
        var rest = text[(Prefix.Length + KeyIdChars + 1)..];
        if (!id.All(char.IsAsciiHexDigitLower) || !rest.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        (keyId, secret) = (id, rest);
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(secret)));

    /// <summary>Compares the presented secret's hash with the stored one in constant time.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        var presented = Encoding.ASCII.GetBytes(Hash(secret));
        var stored = Encoding.ASCII.GetBytes(storedHash);
        return CryptographicOperations.FixedTimeEquals(presented, stored);
    }

    /// <summary>How a token is shown after it was made: its prefix and key id, never any of the secret.</summary>
    public static string Display(string keyId) => $"{Prefix}{keyId}_…";

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
