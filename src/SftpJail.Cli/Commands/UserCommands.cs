using SftpJail.Cli.Parsing;
using SftpJail.Data.Services;

namespace SftpJail.Cli.Commands;

internal static class UserCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("user add", "user add NAME --site DOMAIN [--password-stdin] [--key-file F]... [--read-only] [--key-only]", "Add another SFTP user to a site.", true, Add),
        new("user passwd", "user passwd NAME --password-stdin", "Set a user's password (first line of standard input).", true, Passwd),
        new("user key add", "user key add NAME --key-file F", "Add the public key(s) in F.", true, KeyAdd),
        new("user key remove", "user key remove NAME FINGERPRINT", "Remove a key by its SHA256 fingerprint.", true, KeyRemove),
        new("user disable", "user disable NAME", "Refuse every login of a user; the account is kept.", true, (a, _) => Simple("user disable", a, (s, n, actor, ct) => s.SetUserDisabledAsync(n, true, actor, ct), "disabled")),
        new("user enable", "user enable NAME", "Allow a disabled user to log in again.", true, (a, _) => Simple("user enable", a, (s, n, actor, ct) => s.SetUserDisabledAsync(n, false, actor, ct), "enabled")),
        new("user remove", "user remove NAME", "Remove a user (not a site's owner while others remain).", true, (a, _) => Simple("user remove", a, (s, n, actor, ct) => s.RemoveUserAsync(n, actor, ct), "removed")),
    ];

    private static Invocation Add(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("user add", args, ["--password-stdin", "--read-only", "--key-only"], ["--site", "--key-file"]);
        var name = a.Positionals("name")[0];
        var site = a.Value("--site") ?? throw new UsageException("'user add' needs --site DOMAIN.");
        var keys = CliInput.ReadKeyFiles(a.All("--key-file"));
        var password = a.Has("--password-stdin") ? CliInput.ReadPassword(stdin) : null;
        var request = new NewUserRequest(site, name, password, keys, a.Has("--read-only"), a.Has("--key-only"));
        return async (c, ct) => await c.ReportAsync(await c.Sites.AddUserAsync(request, c.Actor, ct), $"added user {name} to {site}");
    }

    private static Invocation Passwd(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("user passwd", args, ["--password-stdin"]);
        var name = a.Positionals("name")[0];
        if (!a.Has("--password-stdin"))
        {
            throw new UsageException("'user passwd' reads the password from standard input: add --password-stdin (it is never taken as an argument).");
        }

        var password = CliInput.ReadPassword(stdin);
        return async (c, ct) => await c.ReportAsync(await c.Sites.SetPasswordAsync(name, password, c.Actor, ct), $"changed the password of {name}");
    }

    private static Invocation KeyAdd(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("user key add", args, valueNames: ["--key-file"]);
        var name = a.Positionals("name")[0];
        var files = a.All("--key-file");
        if (files.Count == 0)
        {
            throw new UsageException("'user key add' needs --key-file F.");
        }

        var text = string.Join('\n', CliInput.ReadKeyFiles(files));
        return async (c, ct) => await c.ReportAsync(await c.Sites.AddKeyAsync(name, text, c.Actor, ct), $"added key(s) to {name}");
    }

    private static Invocation KeyRemove(IReadOnlyList<string> args, TextReader stdin)
    {
        var positionals = ArgumentList.Parse("user key remove", args).Positionals("name", "fingerprint");
        var (name, fingerprint) = (positionals[0], positionals[1]);
        return async (c, ct) => await c.ReportAsync(await c.Sites.RemoveKeyAsync(name, fingerprint, c.Actor, ct), $"removed key {fingerprint} from {name}");
    }

    private static Invocation Simple(string command, IReadOnlyList<string> args, Func<ISiteService, string, Actor, CancellationToken, Task<OperationResult>> change, string verb)
    {
        var name = ArgumentList.Parse(command, args).Positionals("name")[0];
        return async (c, ct) => await c.ReportAsync(await change(c.Sites, name, c.Actor, ct), $"{verb} user {name}");
    }
}
