namespace SftpJail.Cli.Parsing;

/// <summary>The command line (or what it points at: a key file, standard input) is not usable; exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
