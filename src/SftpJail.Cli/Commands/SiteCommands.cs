using System.Globalization;
using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;
using SftpJail.Data.Services;

namespace SftpJail.Cli.Commands;

internal static class SiteCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("site add", "site add <domain> [--user NAME] [--password-stdin] [--key-file F]...", "Create a site and its SFTP user (name suggested from the domain).", true, Add),
        new("site list", "site list [--json]", "List sites with status, user count and disk usage against the limit.", true, List),
        new("site remove", "site remove <domain> --yes", "Remove a site and its SFTP users.", true, Remove),
        new("site disable", "site disable <domain>", "Take a site offline; its users keep their accounts.", true, (a, _) => SetEnabled("site disable", a, false)),
        new("site enable", "site enable <domain>", "Bring a disabled site back.", true, (a, _) => SetEnabled("site enable", a, true)),
    ];

    private static Invocation Add(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("site add", args, ["--password-stdin"], ["--user", "--key-file"]);
        var domain = a.Positionals("domain")[0];
        var user = a.Value("--user");
        var keys = CliInput.ReadKeyFiles(a.All("--key-file"));
        var password = a.Has("--password-stdin") ? CliInput.ReadPassword(stdin) : null;
        var request = new NewSiteRequest(domain, user, password, keys);
        return async (c, ct) =>
        {
            var result = await c.Sites.AddSiteAsync(request, c.Actor, ct);
            var site = result.Succeeded ? await c.Sites.FindSiteAsync(domain, ct) : null;
            var owner = site?.Users.FirstOrDefault()?.UserName;
            return await c.ReportAsync(result, $"added site {site?.Site.Domain ?? domain} with SFTP user {owner}");
        };
    }

    private static Invocation List(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("site list", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var sites = new List<SiteSummary>();
            for (var page = 1; ; page++)
            {
                var batch = await c.Sites.ListSitesAsync(new SiteQuery(Page: page, PageSize: SiteService.MaxPageSize), ct);
                sites.AddRange(batch.Items);
                if (page >= batch.PageCount)
                {
                    break;
                }
            }

            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(sites);
            }
            else if (sites.Count == 0)
            {
                await c.Out.WriteLineAsync("no sites");
            }
            else
            {
                var disk = sites.Any(s => s.DiskLimitMiB is not null) ? await SiteDiskCommands.DiskStatusAsync(c, ct) : null;
                await Table.WriteAsync(c.Out, ["DOMAIN", "STATUS", "ENABLED", "USERS", "CREATED", "DISK"], sites.Select(s => new[]
                {
                    s.Domain, s.Status.ToString(), s.Enabled ? "yes" : "no", s.UserCount.ToString(CultureInfo.InvariantCulture),
                    s.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture),
                    SiteDiskCommands.DiskCell(s.DiskLimitMiB, disk?.Sites.FirstOrDefault(u => u.Domain == s.Domain)),
                }));
            }

            return ExitCodes.Ok;
        };
    }

    private static Invocation Remove(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("site remove", args, ["--yes"]);
        var domain = a.Positionals("domain")[0];
        if (!a.Has("--yes"))
        {
            throw new UsageException($"site remove deletes {ArgumentList.Printable(domain)} and its SFTP users from the host; add --yes to confirm.");
        }

        return async (c, ct) => await c.ReportAsync(await c.Sites.RemoveSiteAsync(domain, c.Actor, ct), $"removed site {domain}");
    }

    private static Invocation SetEnabled(string name, IReadOnlyList<string> args, bool enabled)
    {
        var domain = ArgumentList.Parse(name, args).Positionals("domain")[0];
        return async (c, ct) => await c.ReportAsync(
            await c.Sites.SetSiteEnabledAsync(domain, enabled, c.Actor, ct), $"{(enabled ? "enabled" : "disabled")} site {domain}");
    }
}
