using System.Globalization;
using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;
using SftpJail.Data.Audit;

namespace SftpJail.Cli.Commands;

internal static class AuditCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("audit list", "audit list [--json] [--limit N]", "Show the newest audit entries (default 20).", true, List),
        new("audit verify", "audit verify", "Recompute the audit hash chain; exit 1 if any entry was altered.", true, Verify),
    ];

    private static Invocation List(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("audit list", args, ["--json"], ["--limit"]);
        a.Positionals();
        var limit = a.WholeNumber("--limit", 1, 100_000) ?? 20;
        return async (c, ct) =>
        {
            var entries = new List<AuditRecord>();
            for (var page = 1; entries.Count < limit; page++)
            {
                var batch = await c.Audit.QueryAsync(new AuditQuery(Page: page, PageSize: Math.Min(limit, AuditLog.MaxPageSize)), ct);
                entries.AddRange(batch.Items.Take(limit - entries.Count));
                if (page >= batch.PageCount)
                {
                    break;
                }
            }

            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(entries);
            }
            else
            {
                await Table.WriteAsync(c.Out, ["ID", "AT", "ACTOR", "ACTION", "TARGET", "RESULT", "ERROR"], entries.Select(e => new[]
                {
                    e.Id.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    e.Actor, e.Action, e.Target, e.Result, e.Error,
                }));
            }

            return ExitCodes.Ok;
        };
    }

    private static Invocation Verify(IReadOnlyList<string> args, TextReader stdin)
    {
        ArgumentList.Parse("audit verify", args).Positionals();
        return async (c, ct) =>
        {
            var verification = await c.Audit.VerifyAsync(ct);
            if (verification.Intact)
            {
                await c.Out.WriteLineAsync($"audit chain intact: {verification.EntriesChecked} entries verified");
                return ExitCodes.Ok;
            }

            foreach (var problem in verification.Problems)
            {
                await c.Out.WriteLineAsync($"entry {problem.EntryId}: {problem.Reason}");
            }

            var ids = string.Join(", ", verification.Problems.Select(p => p.EntryId).Distinct());
            return await c.FailAsync($"the audit chain is broken at entry {ids}", ExitCodes.Failed);
        };
    }
}
