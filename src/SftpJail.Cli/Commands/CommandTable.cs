using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

public static class CommandTable
{
    public static IReadOnlyList<Command> All { get; } =
    [
        .. SiteCommands.All,
        .. SiteDiskCommands.All,
        .. UserCommands.All,
        .. PasswordLinkCommands.All,
        .. StateCommands.All,
        .. AuditCommands.All,
        .. HostCommands.All,
        .. AdminCommands.All,
        .. HardeningCommands.All,
        .. ImportCommand.All,
        .. ExportCommand.All,
        .. HostAccessCommands.All,
        .. TokenCommands.All,
        .. BackupCommands.All,
    ];

    /// <summary>The command named by the longest matching prefix of <paramref name="words"/>, and the words after it.</summary>
    public static (Command Command, IReadOnlyList<string> Arguments) Find(IReadOnlyList<string> words)
    {
        for (var length = Math.Min(3, words.Count); length > 0; length--)
        {
            var name = string.Join(' ', words.Take(length));
            var match = All.FirstOrDefault(c => c.Name == name);
            if (match is not null)
            {
                return (match, words.Skip(length).ToList());
            }
        }

        if (words.Count > 0 && All.Any(c => c.Name.StartsWith(words[0] + " ", StringComparison.Ordinal)))
        {
            var depth = words.Count > 1 && All.Any(c => c.Name.StartsWith($"{words[0]} {words[1]} ", StringComparison.Ordinal)) ? 2 : 1;
            var group = string.Join(' ', words.Take(depth));
            var choices = string.Join(", ", All.Where(c => c.Name.StartsWith(group + " ", StringComparison.Ordinal)).Select(c => c.Name[(group.Length + 1)..]));
            throw new UsageException(words.Count > depth
                ? $"'{group} {ArgumentList.Printable(words[depth])}' is not a command; '{group}' takes: {choices}."
                : $"'{group}' needs one of: {choices}.");
        }

        throw new UsageException($"'{ArgumentList.Printable(words.Count > 0 ? words[0] : string.Empty)}' is not a command; run 'sftpjail help'.");
    }
}
