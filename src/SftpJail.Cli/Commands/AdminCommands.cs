using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

internal static class AdminCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("admin add", "admin add NAME [--key-file F]... [--password-stdin]", "Create a host admin (login shell, admin group) with its public key(s).", true, Add),
        new("admin remove", "admin remove NAME", "Remove an admin SftpJail created (its home directory is kept).", true, Remove),
        new("admin list", "admin list [--json]", "List the admins and their key fingerprints.", true, List),
        new("admin key add", "admin key add NAME --key-file F", "Add the public key(s) in F to an admin.", true, KeyAdd),
        new("admin key remove", "admin key remove NAME FINGERPRINT", "Remove an admin's key by its SHA256 fingerprint.", true, KeyRemove),
    ];

    private static Invocation Add(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("admin add", args, ["--password-stdin"], ["--key-file"]);
        var name = a.Positionals("name")[0];
        var keys = CliInput.ReadKeyFiles(a.All("--key-file"));
        var password = a.Has("--password-stdin") ? CliInput.ReadPassword(stdin) : null;
        return async (c, ct) => await c.ReportAsync(await c.HostAccess.AddAdminAsync(name, keys, password, c.Actor, ct), $"added admin {name}");
    }

    private static Invocation Remove(IReadOnlyList<string> args, TextReader stdin)
    {
        var name = ArgumentList.Parse("admin remove", args).Positionals("name")[0];
        return async (c, ct) => await c.ReportAsync(await c.HostAccess.RemoveAdminAsync(name, c.Actor, ct), $"removed admin {name}");
    }

    private static Invocation List(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("admin list", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var view = await c.HostAccess.GetAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(view.Admins);
                return ExitCodes.Ok;
            }

            var rows = view.Admins.SelectMany(admin => admin.Keys.Count == 0
                ? [(IReadOnlyList<string?>)[admin.Name, "(no key)", string.Empty, string.Empty]]
                : admin.Keys.Select(k => (IReadOnlyList<string?>)[admin.Name, k.Fingerprint, k.Algorithm, k.Comment]));
            await Table.WriteAsync(c.Out, ["ADMIN", "FINGERPRINT", "TYPE", "COMMENT"], rows);
            return ExitCodes.Ok;
        };
    }

    private static Invocation KeyAdd(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("admin key add", args, valueNames: ["--key-file"]);
        var name = a.Positionals("name")[0];
        var files = a.All("--key-file");
        if (files.Count == 0)
        {
            throw new UsageException("'admin key add' needs --key-file F.");
        }

        var text = string.Join('\n', CliInput.ReadKeyFiles(files));
        return async (c, ct) => await c.ReportAsync(await c.HostAccess.AddAdminKeyAsync(name, text, c.Actor, ct), $"added key(s) to admin {name}");
    }

    private static Invocation KeyRemove(IReadOnlyList<string> args, TextReader stdin)
    {
        var positionals = ArgumentList.Parse("admin key remove", args).Positionals("name", "fingerprint");
        var (name, fingerprint) = (positionals[0], positionals[1]);
        return async (c, ct) => await c.ReportAsync(await c.HostAccess.RemoveAdminKeyAsync(name, fingerprint, c.Actor, ct), $"removed key {fingerprint} from admin {name}");
    }
}
