using System.Text;

namespace SftpJail.Core.Values;

/// <summary>
/// An RFC 4716 "SSH2 public key" block as PuTTYgen, commercial SSH and <c>ssh-keygen -e</c> write it:
/// BEGIN line, "Tag: value" headers ('\' continues a header on the next line), base64 body, END line.
/// </summary>
internal static class Rfc4716Block
{
    public const string Begin = "---- BEGIN SSH2 PUBLIC KEY ----";
    public const string End = "---- END SSH2 PUBLIC KEY ----";

    /// <param name="lines">The block from its BEGIN line to its END line inclusive, each line trimmed.</param>
    public static string? Parse(IReadOnlyList<string> lines, out DecodedSshKey? key)
    {
        key = null;
        var last = lines.Count - 1;
        string? comment = null;
        var i = 1;

        // Headers come first; base64 never contains ':', so a line with one is a header (RFC 4716 section 3.3).
        while (i < last && lines[i].Contains(':'))
        {
            var header = new StringBuilder(lines[i]);
            while (header[^1] == '\\')
            {
                header.Length--;
                if (++i >= last)
                {
                    return "A header line in the SSH2 public key block ends with '\\' but nothing follows it.";
                }

                header.Append(lines[i]);
            }

            i++;
            var text = header.ToString();
            var colon = text.IndexOf(':');
            if (text[..colon].Trim().Equals("Comment", StringComparison.OrdinalIgnoreCase))
            {
                comment = StripQuotes(text[(colon + 1)..].Trim());
            }
        }

        var body = new StringBuilder();
        for (; i < last; i++)
        {
            if (lines[i].Contains(':'))
            {
                return "The SSH2 public key block has a header line after the key data started.";
            }

            body.Append(lines[i]);
        }

        if (body.Length == 0)
        {
            return "The SSH2 public key block has no key data.";
        }

        if (!SshKeyText.TryDecodeBase64(body.ToString(), out var blob))
        {
            return "The key data in the SSH2 public key block is not valid base64 (it may be cut short or have extra characters).";
        }

        var error = SshKeyBlob.Check(blob, expectedAlgorithm: null, out var algorithm, out var bits);
        if (error is not null)
        {
            return error;
        }

        key = new DecodedSshKey(algorithm, blob, bits, comment);
        return null;
    }

    private static string StripQuotes(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
