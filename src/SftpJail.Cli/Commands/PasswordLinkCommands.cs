using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Cli.Parsing;
using SftpJail.Data.SetPasswordLinks;

namespace SftpJail.Cli.Commands;

/// <summary>The one-time link a customer opens to choose their own SFTP password, as the panel's hand-over card makes it.</summary>
internal static class PasswordLinkCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("user password-link", "user password-link DOMAIN USER [--hours N] [--revoke]",
            "Make a one-time link for the customer to choose their own password (earlier links stop working); --revoke withdraws them.", true, PasswordLink),
    ];

    private static Invocation PasswordLink(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("user password-link", args, ["--revoke"], ["--hours"]);
        var positionals = a.Positionals("domain", "user");
        var (domain, name) = (positionals[0], positionals[1]);
        var hours = a.WholeNumber("--hours", 1, SetPasswordLinkOptions.MaxLifetimeHours);
        if (a.Has("--revoke") && hours is not null)
        {
            throw new UsageException("'user password-link --revoke' takes no --hours.");
        }

        return async (c, ct) =>
        {
            var links = SetPasswordLinkServices.Create(c.Services);
            if (a.Has("--revoke"))
            {
                var (revoked, error) = await links.RevokeAsync(new NewSetPasswordLink(name, Domain: domain), c.Actor, ct);
                if (error is not null)
                {
                    return await c.FailAsync(error, ExitCodes.Invalid);
                }

                await c.Out.WriteLineAsync($"revoked {revoked} unused set-password link(s) of {name}");
                return ExitCodes.Ok;
            }

            var made = await links.CreateAsync(new NewSetPasswordLink(name, Domain: domain, LifetimeHours: hours), c.Actor, ct);
            if (!made.Succeeded)
            {
                return await c.FailAsync(made.Error!, ExitCodes.Invalid);
            }

            // The link alone on stdout (for $(...)); what it is on stderr, since it is never shown again.
            var baseUrl = SetPasswordLinkOptions.From(c.Services.GetRequiredService<IConfiguration>()).BaseUrl;
            var link = SetPasswordLinkOptions.LinkFor(baseUrl, made.Token);
            await c.Out.WriteLineAsync(link ?? "/" + SetPasswordLinkToken.PathFor(made.Token));
            var until = made.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
            await c.Err.WriteLineAsync($"set-password link {made.LinkId} for {made.UserName} on {made.Domain}, works once until {until}; it is not shown again."
                + (made.Revoked > 0 ? " The earlier link no longer works." : ""));
            if (link is null)
            {
                await c.Err.WriteLineAsync($"Put the panel's address in front of it, or set {SetPasswordLinkOptions.Section}:BaseUrl (SFTPJAIL_{SetPasswordLinkOptions.Section}__BaseUrl) to print the whole link.");
            }

            return ExitCodes.Ok;
        };
    }
}
