using System.Text;

namespace SftpJail.Core.Activity;

/// <summary>
/// Undoes OpenSSH's log escaping (strnvis with VIS_CSTYLE|VIS_NL|VIS_TAB|VIS_OCTAL for syslog, VIS_SAFE|VIS_OCTAL for
/// -E files): <c>\\</c>, C escapes such as <c>\n</c>, and three-digit octal bytes (any byte above 0x7e, so UTF-8 names
/// come back whole). Because the newline of a customer's filename is escaped before it is logged, one log message is
/// always one line, whatever the customer named a file.
/// </summary>
public static class OpenSshUnvis
{
    public static string Decode(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var bytes = new List<byte>(text.Length);
        Span<byte> scratch = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\' || i + 1 >= text.Length)
            {
                var count = Encoding.UTF8.GetBytes([c], scratch);
                for (var b = 0; b < count; b++)
                {
                    bytes.Add(scratch[b]);
                }

                continue;
            }

            var next = text[i + 1];
            if (i + 3 < text.Length && IsOctal(next) && IsOctal(text[i + 2]) && IsOctal(text[i + 3]))
            {
                bytes.Add((byte)(((next - '0') << 6) | ((text[i + 2] - '0') << 3) | (text[i + 3] - '0')));
                i += 3;
                continue;
            }

            byte? escaped = next switch
            {
                '\\' => (byte)'\\',
                'n' => (byte)'\n',
                't' => (byte)'\t',
                'r' => (byte)'\r',
                'b' => (byte)'\b',
                'a' => 7,
                'v' => 11,
                'f' => 12,
                's' => (byte)' ',
                '0' => 0,
                _ => null,
            };
            if (escaped is { } value)
            {
                bytes.Add(value);
                i++;
            }
            else
            {
                bytes.Add((byte)'\\');
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
