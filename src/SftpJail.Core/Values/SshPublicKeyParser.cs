using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace SftpJail.Core.Values;

/// <summary>Turns pasted or uploaded key text into <see cref="SshPublicKey"/> values, or says exactly why not.</summary>
internal static class SshPublicKeyParser
{
    /// <summary>Bounds the work done on one paste; an authorized_keys file of a few hundred keys fits.</summary>
    public const int MaxTextLength = 64 * 1024;

    /// <summary>A 16384-bit RSA key in an RFC 4716 block is under 3 KiB; 16 KiB leaves room for headers.</summary>
    public const int MaxKeyLength = 16 * 1024;

    private const string NoKeyFound = "No key found; paste a public key such as 'ssh-ed25519 AAAA... you@laptop' (the contents of the .pub file).";

    public static bool TryParse(string? text, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        key = null;
        if (!TryParseAll(text, numberEveryKey: false, out var keys, out error))
        {
            return false;
        }

        if (keys.Count != 1)
        {
            error = $"Expected one key but found {keys.Count}; add them one at a time.";
            return false;
        }

        key = keys[0];
        return true;
    }

    public static IReadOnlyList<SshPublicKey> ParseMany(string? text, string field) =>
        TryParseAll(text, numberEveryKey: true, out var keys, out var error) ? keys : throw new InputRejectedException(field, error);

    private static bool TryParseAll(
        string? text, bool numberEveryKey, [NotNullWhen(true)] out List<SshPublicKey>? keys, [NotNullWhen(false)] out string? error)
    {
        keys = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = NoKeyFound;
            return false;
        }

        if (text.Length > MaxTextLength)
        {
            error = $"The text is too long ({text.Length} characters; at most {MaxTextLength / 1024} KiB).";
            return false;
        }

        var chunks = KeyTextSplitter.Split(text);
        if (chunks.Count == 0)
        {
            error = NoKeyFound;
            return false;
        }

        var parsed = new List<SshPublicKey>(chunks.Count);
        for (var i = 0; i < chunks.Count; i++)
        {
            var problem = ParseChunk(chunks[i], out var key);
            if (problem is not null)
            {
                error = numberEveryKey || chunks.Count > 1 ? $"Key {i + 1} (line {chunks[i].FirstLine}): {problem}" : problem;
                return false;
            }

            parsed.Add(key!);
        }

        keys = parsed;
        error = null;
        return true;
    }

    private static string? ParseChunk(KeyTextChunk chunk, out SshPublicKey? key)
    {
        key = null;
        if (chunk.Length > MaxKeyLength)
        {
            return $"This key is too long (at most {MaxKeyLength / 1024} KiB).";
        }

        DecodedSshKey? decoded = null;
        var error = chunk.Kind switch
        {
            KeyTextKind.PrivateKey => "This is a private key; paste the .pub file (the public key) instead, and keep the private key to yourself.",
            KeyTextKind.OtherPemBlock => "This is a PEM block, not an SSH public key. A PEM public key can be converted with 'ssh-keygen -i -m PKCS8 -f key.pem'.",
            KeyTextKind.UnterminatedRfc4716Block => $"The SSH2 public key block has no '{Rfc4716Block.End}' line.",
            KeyTextKind.Rfc4716Block => Rfc4716Block.Parse(chunk.Lines, out decoded),
            _ => OpenSshKeyLine.Parse(chunk.Lines[0], out decoded),
        };
        if (error is not null)
        {
            return error;
        }

        key = new SshPublicKey(
            decoded!.Algorithm,
            Convert.ToBase64String(decoded.Blob),
            SshKeyText.SanitiseComment(decoded.RawComment),
            Fingerprint(decoded.Blob),
            decoded.Bits);
        return null;
    }

    /// <summary>As <c>ssh-keygen -lf</c> prints it: SHA-256 over the blob, base64 without padding.</summary>
    internal static string Fingerprint(byte[] blob) =>
        "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');
}
