using SftpJail.Cli.Parsing;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.Services;

namespace SftpJail.Cli.Commands;

/// <summary>A site's disk limit and usage: set from here, stored in the database, measured and enforced by the executor.</summary>
internal static class SiteDiskCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("site limit", "site limit <domain> <size|none>", "Set the most a site's html/ may hold (500M, 2G); over it its users are read-only.", true, Limit),
        new("site show", "site show <domain> [--json]", "Show a site, its users, and its disk usage against its limit.", true, Show),
    ];

    public static string DiskCell(long? limitMiB, SiteDiskUsage? usage) => DiskUsageText.Of(limitMiB, usage);

    /// <summary>The executor's disk status, or null when it cannot be asked (the cells then show "? / limit").</summary>
    public static async Task<DiskLimitStatus?> DiskStatusAsync(CliContext c, CancellationToken ct)
    {
        try
        {
            return (await c.Executor.GetHostInfoAsync(ct)).Disk;
        }
        catch (ExecutorUnavailableException)
        {
            return null;
        }
    }

    private static Invocation Limit(IReadOnlyList<string> args, TextReader stdin)
    {
        var words = ArgumentList.Parse("site limit", args).Positionals("domain", "size");
        var (domain, size) = (words[0], words[1]);
        var none = string.Equals(size.Trim(), "none", StringComparison.OrdinalIgnoreCase);
        var limit = none ? null : DiskLimit.TryParse(size, out var parsed, out var error) ? parsed : throw new UsageException(error);
        return async (c, ct) => await c.ReportAsync(
            await c.Sites.SetDiskLimitAsync(domain, limit is null ? "none" : $"{limit.Mebibytes}M", c.Actor, ct),
            limit is null ? $"removed the disk limit of {domain}" : $"set the disk limit of {domain} to {limit}");
    }

    private static Invocation Show(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("site show", args, ["--json"]);
        var domain = a.Positionals("domain")[0];
        return async (c, ct) =>
        {
            var detail = await c.Sites.FindSiteAsync(domain, ct);
            if (detail is null)
            {
                return await c.FailAsync($"domain: there is no site {domain}.", ExitCodes.Invalid);
            }

            var site = detail.Site;
            var disk = await DiskStatusAsync(c, ct);
            var usage = disk?.Sites.FirstOrDefault(u => u.Domain == site.Domain);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(new { site, users = detail.Users.Select(u => new { u.UserName, u.ReadOnly, u.KeyOnly, u.Disabled }), diskUsage = usage, diskEnforcement = disk?.Enforcement });
                return ExitCodes.Ok;
            }

            await c.Out.WriteLineAsync($"domain:   {site.Domain}");
            await c.Out.WriteLineAsync($"status:   {site.Status}{(site.Enabled ? string.Empty : " (disabled)")}");
            await c.Out.WriteLineAsync($"disk:     {DiskCell(site.DiskLimitMiB, usage)}{(site.DiskLimitMiB is null || disk is null ? string.Empty : $" ({disk.Enforcement})")}");
            foreach (var user in detail.Users)
            {
                var traits = new[] { (user.ReadOnly, "read-only"), (user.KeyOnly, "key-only"), (user.Disabled, "disabled") }.Where(t => t.Item1).Select(t => t.Item2).ToList();
                await c.Out.WriteLineAsync($"user:     {user.UserName}{(traits.Count == 0 ? string.Empty : " (" + string.Join(", ", traits) + ")")}");
            }

            return ExitCodes.Ok;
        };
    }
}
