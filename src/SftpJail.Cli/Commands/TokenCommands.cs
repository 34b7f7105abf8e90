using System.Globalization;
using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;
using SftpJail.Data.ApiTokens;

namespace SftpJail.Cli.Commands;

/// <summary>The REST API's personal access tokens, as the panel's API tokens page makes and revokes them.</summary>
internal static class TokenCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("token create", "token create --owner EMAIL --name NAME --scope Customer|Staff|Admin [--days N]",
            "Make an API token for a panel account (at most its role); printed once on standard output.", true, Create),
        new("token list", "token list [--json]", "List API tokens (never their secrets).", true, List),
        new("token revoke", "token revoke ID", "Revoke an API token at once.", true, Revoke),
    ];

    private static Invocation Create(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("token create", args, valueNames: ["--owner", "--name", "--scope", "--days"]);
        a.Positionals();
        var owner = a.Value("--owner") ?? throw new UsageException("'token create' needs --owner EMAIL.");
        var name = a.Value("--name") ?? throw new UsageException("'token create' needs --name NAME.");
        if (!ApiTokenScopes.TryParse(a.Value("--scope"), out var scope))
        {
            throw new UsageException("'token create' needs --scope Customer, Staff or Admin.");
        }

        var days = a.WholeNumber("--days", 1, ApiTokenService.MaxLifetimeDays) ?? ApiTokenService.DefaultLifetimeDays;
        return async (c, ct) =>
        {
            var created = await c.Tokens.CreateAsync(new NewApiToken(owner, name, scope, days), c.Actor, ct);
            if (!created.Succeeded)
            {
                return await c.FailAsync(created.Error!, ExitCodes.Invalid);
            }

            // The token alone on stdout (for $(...)); what it is on stderr, since it is never shown again.
            await c.Out.WriteLineAsync(created.Token);
            await c.Err.WriteLineAsync($"created {created.Summary!.Display} for {created.Summary.OwnerEmail} ({scope}), expires {Stamp(created.Summary.ExpiresAt)}; it is not shown again.");
            return ExitCodes.Ok;
        };
    }

    private static Invocation List(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("token list", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var tokens = await c.Tokens.ListAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(tokens);
                return ExitCodes.Ok;
            }

            var now = DateTimeOffset.UtcNow;
            await Table.WriteAsync(c.Out, ["ID", "TOKEN", "NAME", "OWNER", "SCOPE", "EXPIRES", "LAST USED", "STATE"], tokens.Select(t => new[]
            {
                t.Id.ToString(CultureInfo.InvariantCulture), t.Display, t.Name, t.OwnerEmail, t.Scope.ToString(), Stamp(t.ExpiresAt),
                t.LastUsedAt is { } used ? Stamp(used) : "never", t.State(now),
            }));
            return ExitCodes.Ok;
        };
    }

    private static Invocation Revoke(IReadOnlyList<string> args, TextReader stdin)
    {
        var text = ArgumentList.Parse("token revoke", args).Positionals("id")[0];
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            throw new UsageException($"token revoke: '{ArgumentList.Printable(text)}' is not a token id (see 'token list').");
        }

        return async (c, ct) =>
        {
            if (await c.Tokens.RevokeAsync(id, c.Actor, ct) is { } error)
            {
                return await c.FailAsync(error, ExitCodes.Invalid);
            }

            await c.Out.WriteLineAsync($"revoked token {id}");
            return ExitCodes.Ok;
        };
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}
