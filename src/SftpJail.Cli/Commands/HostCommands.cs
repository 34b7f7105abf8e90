using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

internal static class HostCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("host info", "host info [--json]", "Show the sshd version, listen address, host key fingerprints and jail settings.", false, Info),
    ];

    private static Invocation Info(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("host info", args, ["--json"]);
        a.Positionals();
        return async (c, ct) =>
        {
            var info = await c.Executor.GetHostInfoAsync(ct);
            if (a.Has("--json"))
            {
                await c.WriteJsonAsync(info);
                return ExitCodes.Ok;
            }

            await c.Out.WriteLineAsync($"sshd:       {info.SshdVersion} ({info.Mode})");
            await c.Out.WriteLineAsync($"listen:     {info.ListenAddress} port {info.Port}");
            await c.Out.WriteLineAsync($"jail root:  {info.JailRoot} (group {info.JailGroup}, web group {info.WebGroup})");
            await c.Out.WriteLineAsync($"can change: {(info.CanChangeHost ? "yes" : "no")}");
            foreach (var key in info.HostKeys)
            {
                await c.Out.WriteLineAsync($"host key:   {key.Algorithm} {key.Fingerprint}");
            }

            if (info.Disk is { } disk)
            {
                await c.Out.WriteLineAsync($"disk limit: {disk.Enforcement} (kernel quotas: {disk.Detail})");
                foreach (var warning in disk.Warnings)
                {
                    await c.Out.WriteLineAsync($"warning:    {warning}");
                }
            }

            return ExitCodes.Ok;
        };
    }
}
