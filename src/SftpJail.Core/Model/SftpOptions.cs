using System.Text.RegularExpressions;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

public enum SftpLogLevel
{
    QUIET,
    FATAL,
    ERROR,
    INFO,
    VERBOSE,
    DEBUG,
}

/// <summary>Options passed to <c>internal-sftp</c> in the ForceCommand line.</summary>
public sealed partial record SftpOptions(SftpLogLevel LogLevel, string Umask)
{
    public static SftpOptions Default { get; } = new(SftpLogLevel.INFO, "0027");

    [GeneratedRegex("^0?[0-7]{3}$")]
    private static partial Regex UmaskShape();

    public static SftpOptions Parse(string? logLevel, string? umask)
    {
        if (!Enum.TryParse<SftpLogLevel>(logLevel, ignoreCase: false, out var level) || !Enum.IsDefined(level))
        {
            throw new InputRejectedException("sftp log level", $"'{logLevel}' is not one of {string.Join(", ", Enum.GetNames<SftpLogLevel>())}.");
        }

        if (umask is null || !UmaskShape().IsMatch(umask))
        {
            throw new InputRejectedException("sftp umask", $"'{umask}' is not an octal umask like 0027.");
        }

        return new SftpOptions(level, umask.Length == 3 ? "0" + umask : umask);
    }
}
