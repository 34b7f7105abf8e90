using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

/// <summary>Reads what options point at. Failures are usage errors: nothing has been changed yet.</summary>
internal static class CliInput
{
    private const long MaxKeyFileBytes = 1024 * 1024;

    /// <summary>The first line of standard input without its line ending; never echoed.</summary>
    public static string ReadPassword(TextReader stdin) =>
        stdin.ReadLine() ?? throw new UsageException("--password-stdin: standard input is empty; pipe the password in, e.g. printf '%s\\n' \"$PW\" | sftpjail ...");

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
