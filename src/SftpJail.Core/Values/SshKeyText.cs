using System.Text;

namespace SftpJail.Core.Values;

/// <summary>Text helpers for key input: echoing untrusted text in messages, and normalising comments.</summary>
internal static class SshKeyText
{
    public const int MaxCommentLength = 100;

    private const int MaxEcho = 40;

    /// <summary>A short, printable-ASCII rendering of untrusted text for an error message.</summary>
    public static string Echo(string text)
    {
        var printable = new string(text.Select(c => c is < ' ' or > '~' ? '?' : c).Take(MaxEcho + 1).ToArray());
        return printable.Length > MaxEcho ? printable[..MaxEcho] + "..." : printable;
    }

    /// <summary>
    /// The comment as it may appear in an authorized_keys line: printable ASCII (0x20-0x7E) only, runs of
    /// whitespace collapsed to one space, trimmed, at most 100 characters. Any line break, NUL or other
    /// control character is gone, so the comment can never start a second line or hide text in a terminal.
    /// </summary>
    public static string SanitiseComment(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(raw.Length, MaxCommentLength));
        var pendingSpace = false;
        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (c is <= ' ' or > '~')
            {
                continue;
            }

            var needed = pendingSpace ? 2 : 1;
            if (builder.Length + needed > MaxCommentLength)
            {
                break;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Strict standard base64 (with padding), as OpenSSH and RFC 4716 write it.</summary>
    public static bool TryDecodeBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length % 4 != 0 || text.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')))
        {
            return false;
        }

        var buffer = new byte[text.Length / 4 * 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];
        return true;
    }
}
