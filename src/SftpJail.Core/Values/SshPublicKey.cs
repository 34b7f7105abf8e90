using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>
/// One SSH public key, accepted as an OpenSSH authorized_keys line without options or as an RFC 4716
/// "---- BEGIN SSH2 PUBLIC KEY ----" block, and normalised to one OpenSSH line.
/// Accepted algorithms: ssh-ed25519, ecdsa-sha2-nistp256/384/521, ssh-rsa with at least 3072 bits.
/// </summary>
public sealed record SshPublicKey
{
    internal SshPublicKey(string algorithm, string base64Blob, string comment, string fingerprint, int bits)
    {
        Algorithm = algorithm;
        Base64Blob = base64Blob;
        Comment = comment;
        Fingerprint = fingerprint;
        Bits = bits;
    }

    public string Algorithm { get; }

    public string Base64Blob { get; }

    /// <summary>Printable ASCII only (0x20-0x7E), trimmed, at most 100 characters; may be empty.</summary>
    public string Comment { get; }

    /// <summary>"SHA256:" + unpadded base64 of SHA-256 over the key blob, as ssh-keygen -lf prints it.</summary>
    public string Fingerprint { get; }

    public int Bits { get; }

    /// <summary>The normalised authorized_keys line: "algorithm blob[ comment]" (no options, no newline).</summary>
    public string ToAuthorizedKeysLine() => Comment.Length == 0 ? $"{Algorithm} {Base64Blob}" : $"{Algorithm} {Base64Blob} {Comment}";

    public static SshPublicKey Parse(string? text, string field = "key") =>
        TryParse(text, out var key, out var error) ? key : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error) =>
        SshPublicKeyParser.TryParse(text, out key, out error);

    /// <summary>Parses every key in a pasted or uploaded text: OpenSSH lines and/or RFC 4716 blocks; blank lines and '#' comments skipped.</summary>
    public static IReadOnlyList<SshPublicKey> ParseMany(string? text, string field = "keys") =>
        SshPublicKeyParser.ParseMany(text, field);

    /// <summary>The most text one parse takes (<see cref="SshPublicKeyParser.MaxTextLength"/>): the bound for a key file too.</summary>
    public const int MaxTextLength = SshPublicKeyParser.MaxTextLength;

    /// <summary>
    /// Whether the text holds a private key (OpenSSH, PEM, SSH2 or PuTTY), as the parser would name it: an uploaded file
    /// is checked with this before its text is put anywhere (a form field, the page the browser renders).
    /// </summary>
    public static bool HoldsPrivateKey(string? text) =>
        !string.IsNullOrEmpty(text) && KeyTextSplitter.Split(text).Any(c => c.Kind == KeyTextKind.PrivateKey);

    public override string ToString() => ToAuthorizedKeysLine();
}
