namespace SftpJail.Core.Values;

/// <summary>One OpenSSH public-key line, "type base64-blob [comment]" (sshd(8) AUTHORIZED_KEYS FILE FORMAT), without options.</summary>
internal static class OpenSshKeyLine
{
    // The option names sshd(8) documents for authorized_keys; a line starting with one carries options.
    private static readonly HashSet<string> OptionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "agent-forwarding", "cert-authority", "command", "environment", "expiry-time", "from",
        "no-agent-forwarding", "no-port-forwarding", "no-pty", "no-touch-required", "no-user-rc",
        "no-x11-forwarding", "permitlisten", "permitopen", "port-forwarding", "principals", "pty",
        "restrict", "tunnel", "user-rc", "verify-required", "x11-forwarding",
    };

    public static string? Parse(string line, out DecodedSshKey? key)
    {
        key = null;
        var (type, afterType) = NextToken(line, 0);
        if (!SshKeyAlgorithms.LooksLikeKeyType(type) && HasOptions(line, type))
        {
            // Named only when sshd knows it: an unknown "word=..." may be a password in the wrong import column.
            var option = type.Split('=', ',')[0];
            return OptionNames.Contains(option)
                ? $"Key options are not accepted (this line starts with the option '{SshKeyText.Echo(option)}'); paste only the key: its type, key data and an optional comment."
                : "Key options are not accepted (this line starts with something other than a key type); paste only the key: its type, key data and an optional comment.";
        }

        if (SshKeyAlgorithms.Refusal(type) is { } refusal)
        {
            return refusal;
        }

        var (blobText, afterBlob) = NextToken(line, afterType);
        if (blobText.Length == 0)
        {
            return $"The key data is missing after '{type}'.";
        }

        if (!SshKeyText.TryDecodeBase64(blobText, out var blob))
        {
            return "The key data is not valid base64 (it may be cut short, wrapped onto several lines, or have extra characters).";
        }

        var error = SshKeyBlob.Check(blob, type, out var algorithm, out var bits);
        if (error is not null)
        {
            return error;
        }

        key = new DecodedSshKey(algorithm, blob, bits, line[afterBlob..]);
        return null;
    }

    private static bool HasOptions(string line, string first)
    {
        var name = first.Split('=', ',')[0];
        if (OptionNames.Contains(name))
        {
            return true;
        }

        // An option sshd does not know yet ("name=..." or "a,b"); the length bound keeps a bare base64
        // blob with '=' padding from being mistaken for one.
        if ((first.Contains('=') || first.Contains(',')) && name.Length is > 0 and <= 32
            && char.IsAsciiLetter(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return true;
        }

        // An unknown option still precedes a key type somewhere later on the line.
        return line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).Skip(1).Any(SshKeyAlgorithms.LooksLikeKeyType);
    }

    private static (string Token, int Next) NextToken(string line, int start)
    {
        var begin = start;
        while (begin < line.Length && line[begin] is ' ' or '\t')
        {
            begin++;
        }

        var end = begin;
        while (end < line.Length && line[end] is not (' ' or '\t'))
        {
            end++;
        }

        return (line[begin..end], end);
    }
}
