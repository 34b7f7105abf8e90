namespace SftpJail.Core.Values;

internal enum KeyTextKind
{
    OpenSshLine,
    Rfc4716Block,
    UnterminatedRfc4716Block,
    PrivateKey,
    OtherPemBlock,
}

/// <summary>One key's worth of input: a single line, or every line of a block.</summary>
internal sealed record KeyTextChunk(KeyTextKind Kind, int FirstLine, IReadOnlyList<string> Lines)
{
    public int Length => Lines.Sum(l => l.Length + 1);
}

/// <summary>
/// Splits pasted or uploaded text into keys: OpenSSH lines and RFC 4716 blocks, skipping blank lines and
/// '#' comment lines (as sshd does in authorized_keys). Lines end in LF or CRLF. Private keys and other
/// PEM blocks become one chunk each so the parser can name them instead of failing line by line.
/// </summary>
internal static class KeyTextSplitter
{
    public static List<KeyTextChunk> Split(string text)
    {
        var lines = text.Split('\n').Select(l => l.Trim(' ', '\t', '\r')).ToArray();
        var chunks = new List<KeyTextChunk>();
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            if (line.Length == 0 || line[0] == '#')
            {
                i++;
                continue;
            }

            var start = i;
            var (kind, endMarker) = Classify(line);
            if (endMarker is null)
            {
                chunks.Add(new KeyTextChunk(kind, start + 1, [line]));
                i++;
                continue;
            }

            var end = Array.FindIndex(lines, start + 1, l => l.StartsWith(endMarker, StringComparison.OrdinalIgnoreCase));
            if (end < 0)
            {
                end = lines.Length - 1;
                kind = kind == KeyTextKind.Rfc4716Block ? KeyTextKind.UnterminatedRfc4716Block : kind;
            }

            chunks.Add(new KeyTextChunk(kind, start + 1, lines[start..(end + 1)]));
            i = end + 1;
        }

        return chunks;
    }

    private static (KeyTextKind Kind, string? EndMarker) Classify(string line)
    {
        // "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----" is the commercial SSH private key format.
        if (line.StartsWith("---- BEGIN SSH2 ", StringComparison.OrdinalIgnoreCase))
        {
            return line.Equals(Rfc4716Block.Begin, StringComparison.OrdinalIgnoreCase)
                ? (KeyTextKind.Rfc4716Block, Rfc4716Block.End)
                : (line.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) ? KeyTextKind.PrivateKey : KeyTextKind.OtherPemBlock, "---- END ");
        }

        if (line.StartsWith("-----BEGIN ", StringComparison.OrdinalIgnoreCase))
        {
            return (line.Contains("PRIVATE KEY", StringComparison.OrdinalIgnoreCase) ? KeyTextKind.PrivateKey : KeyTextKind.OtherPemBlock, "-----END ");
        }

        // A PuTTY .ppk file ends with its "Private-MAC:" line.
        if (line.StartsWith("PuTTY-User-Key-File-", StringComparison.OrdinalIgnoreCase))
        {
            return (KeyTextKind.PrivateKey, "Private-MAC:");
        }

        return (KeyTextKind.OpenSshLine, null);
    }
}
