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
        new("audit verify", "audit verify", "Check the audit chain, the executor's countersignatures and anchor, and its journal; exit 1 if anything was altered, removed or skipped.", true, Verify),
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
            var keyed = verification.Keyed
                ? $"{verification.Countersigned} countersigned by the executor, its anchor and its journal of {verification.JournalEntries} entries checked"
                : "public hash chain only: no executor countersigns here";
            if (verification.Intact)
            {
                await c.Out.WriteLineAsync($"audit chain intact: {verification.EntriesChecked} entries verified ({keyed})");
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
