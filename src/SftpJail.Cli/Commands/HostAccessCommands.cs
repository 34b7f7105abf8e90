using System.Globalization;
using SftpJail.Cli.Parsing;
using SftpJail.Core.Contract;

namespace SftpJail.Cli.Commands;

/// <summary>Root's side of host-access changes the panel sent: see what is held, approve one exact change by its code.</summary>
internal static class HostAccessCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("host-access pending", "host-access pending [--json]", "List host-access changes the panel sent that wait for root's approval.", false, Pending),
        new("host-access approve", "host-access approve CODE", "Approve one held host-access change (the panel then submits it again).", false, Approve),
    ];

    private static Invocation Pending(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("host-access pending", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var pending = await Approvals(c).ListPendingHostAccessAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(pending);
                return ExitCodes.Ok;
            }

            if (pending.Count == 0)
            {
                await c.Out.WriteLineAsync("no host-access change is waiting for approval");
            }

            foreach (var change in pending)
            {
                await WriteAsync(c.Out, change);
            }

            return ExitCodes.Ok;
        };
    }

    private static Invocation Approve(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("host-access approve", args);
        var code = a.Positionals("code")[0];
        return async (c, ct) =>
        {
            PendingHostAccessChange approved;
            try
            {
                approved = await Approvals(c).ApproveHostAccessAsync(code, ct);
            }
            catch (InvalidOperationException refused)
            {
                return await c.FailAsync(refused.Message, ExitCodes.Failed);
            }

            await c.Out.WriteLineAsync("approved: submit the same change in the panel again before it expires");
            await WriteAsync(c.Out, approved);
            return ExitCodes.Ok;
        };
    }

    private static IHostAccessApprovals Approvals(CliContext c) =>
        c.Executor as IHostAccessApprovals ?? throw new InvalidOperationException("This executor holds no host-access changes.");

    private static async Task WriteAsync(TextWriter output, PendingHostAccessChange change)
    {
        var state = change.Approved ? "approved" : "waiting";
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{change.Code}  {state}, from {change.RequestedBy} at {change.RequestedAtUtc.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z, expires {change.ExpiresAtUtc.UtcDateTime:HH:mm:ss}Z"));
        foreach (var line in change.Summary)
        {
            await output.WriteLineAsync("    " + line);
        }
    }
}
