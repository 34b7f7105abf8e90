using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

/// <summary>Reads what options point at. Failures are usage errors: nothing has been changed yet.</summary>
internal static class CliInput
{
    private const long MaxKeyFileBytes = 1024 * 1024;

    // Longer than any password the executor takes (1024), so a long one is refused by the password rules, not cut here.
    private const int MaxPasswordInput = 4096;

    /// <summary>
    /// Standard input must hold exactly one line, the password, with or without a line ending. Anything after it is
    /// refused rather than dropped: a password cannot contain a line break, and a second line means the input is not
    /// what the caller thinks it is. Never echoed.
    /// </summary>
    public static string ReadPassword(TextReader stdin)
    {
        var buffer = new char[MaxPasswordInput + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stdin.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        if (length == 0)
        {
            throw new UsageException("--password-stdin: standard input is empty; pipe the password in, e.g. printf '%s\\n' \"$PW\" | sftpjail ...");
        }

        if (length > MaxPasswordInput)
        {
            throw new UsageException($"--password-stdin: standard input is longer than {MaxPasswordInput} characters; it must hold only the password.");
        }

        var text = new string(buffer, 0, length);
        text = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        if (text.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new UsageException("--password-stdin: standard input holds more than one line; the password must be its only line (a password cannot contain a line break).");
        }

        return text;
    }

    public static IReadOnlyList<string> ReadKeyFiles(IReadOnlyList<string> paths) => paths.Select(ReadKeyFile).ToList();

    private static string ReadKeyFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxKeyFileBytes)
            {
                throw new UsageException($"--key-file {ArgumentList.Printable(path)}: too large to be a public key file.");
            }

            return File.ReadAllText(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"--key-file {ArgumentList.Printable(path)}: {failure.Message}");
        }
    }
}
