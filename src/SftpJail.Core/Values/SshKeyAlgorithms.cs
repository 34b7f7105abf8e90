namespace SftpJail.Core.Values;

/// <summary>The key types SftpJail accepts, and a clear reason for each kind it refuses.</summary>
internal static class SshKeyAlgorithms
{
    public const string Ed25519 = "ssh-ed25519";
    public const string Rsa = "ssh-rsa";
    public const string EcdsaPrefix = "ecdsa-sha2-";

    /// <summary>Below 3072 bits an RSA key is under the 128-bit security level (NIST SP 800-57).</summary>
    public const int MinRsaBits = 3072;

    /// <summary>OpenSSH refuses larger moduli (OPENSSL_RSA_MAX_MODULUS_BITS).</summary>
    public const int MaxRsaBits = 16384;

    public static readonly IReadOnlyList<string> Accepted =
        [Ed25519, EcdsaPrefix + "nistp256", EcdsaPrefix + "nistp384", EcdsaPrefix + "nistp521", Rsa];

    private const string AcceptedList =
        "ssh-ed25519, ecdsa-sha2-nistp256, ecdsa-sha2-nistp384, ecdsa-sha2-nistp521 and ssh-rsa (3072 bits or more)";

    /// <summary>True for anything that names an SSH key type, accepted or not (used to spot options before a key).</summary>
    public static bool LooksLikeKeyType(string token) =>
        Accepted.Contains(token)
        || token.StartsWith("ssh-", StringComparison.Ordinal)
        || token.StartsWith("ecdsa-", StringComparison.Ordinal)
        || token.StartsWith("sk-", StringComparison.Ordinal)
        || token.EndsWith("@openssh.com", StringComparison.Ordinal);

    /// <summary>Null when <paramref name="name"/> is an accepted type; otherwise why it is refused.</summary>
    public static string? Refusal(string name)
    {
        if (Accepted.Contains(name))
        {
            return null;
        }

        var shown = SshKeyText.Echo(name);
        // OpenSSH's certificate and security-key type names all end so; anything else (an "sk-..." API token pasted
        // in the wrong column) is not repeated.
        var named = name.EndsWith("@openssh.com", StringComparison.Ordinal);
        if (name.Contains("-cert-v0", StringComparison.Ordinal) && named)
        {
            return $"'{shown}' is an SSH certificate, not a public key; paste the key's .pub file, not the -cert.pub file.";
        }

        if (name.StartsWith("sk-", StringComparison.Ordinal) && named)
        {
            return $"Security-key (FIDO/U2F) keys such as '{shown}' are not supported; use a key of type {AcceptedList}.";
        }

        if (name == "ssh-dss")
        {
            return "DSA keys (ssh-dss) are not accepted: they are limited to 1024 bits and OpenSSH has dropped them. Use ssh-keygen -t ed25519.";
        }

        // Echoed only when it names a key type: a misplaced column (a password in the key field of an import row) must
        // not come back in the message.
        return IsTypeName(name)
            ? $"'{shown}' is not a supported key type; accepted types are {AcceptedList}."
            : $"The text does not start with an SSH key type; accepted types are {AcceptedList}.";
    }

    private static bool IsTypeName(string name) =>
        name.Length <= 64
        && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '.' or '@')
        && (name.StartsWith("ssh-", StringComparison.Ordinal) || name.StartsWith("ecdsa-", StringComparison.Ordinal)
            || name.StartsWith("rsa-sha2-", StringComparison.Ordinal) || name.EndsWith("@openssh.com", StringComparison.Ordinal));
}
