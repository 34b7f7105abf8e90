using System.Buffers.Text;
using System.Security.Cryptography;

namespace SftpJail.Data.SetPasswordLinks;

/// <summary>
/// The secret in a set-password link: 32 random bytes, base64url (43 characters) in the link's path. Only the SHA-256
/// of the bytes is kept; a 256-bit random secret needs no slow hash.
/// </summary>
public static class SetPasswordLinkToken
{
    public const int Bytes = 32;
    public const int Length = 43;

    /// <summary>The link's path below the panel's base address.</summary>
    public static string PathFor(string token) => "set-password/" + token;

    public static (string Token, string Hash) Generate()
    {
        var bytes = RandomNumberGenerator.GetBytes(Bytes);
        return (Base64Url.EncodeToString(bytes), Hash(bytes));
    }

    /// <summary>The hash a presented token would be stored under; false for anything not exactly shaped like one.</summary>
    public static bool TryHash(string? text, out string hash)
    {
        hash = "";
        if (text is not { Length: Length } || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            return false;
        }

        var bytes = new byte[Bytes];
        // Only the canonical spelling counts: 43 characters carry 2 spare bits, so other texts decode to the same bytes.
        // (The status form, because TryDecodeFromChars throws on such spare bits rather than answering false.)
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != System.Buffers.OperationStatus.Done || written != Bytes
            || Base64Url.EncodeToString(bytes) != text)
        {
            return false;
        }

        hash = Hash(bytes);
        return true;
    }

    /// <summary>Compares two stored-form hashes in constant time.</summary>
    public static bool HashesMatch(string presented, string stored) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(presented), System.Text.Encoding.ASCII.GetBytes(stored));

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
