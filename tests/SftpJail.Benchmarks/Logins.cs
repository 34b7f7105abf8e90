using System.Diagnostics;
using System.Globalization;
using SftpJail.Core.Contract;

/// <summary>Real password logins over the OpenSSH sftp client, and the CPU an sshd listener spent on them (its reaped children).</summary>
internal static class Logins
{
    private static readonly string[] Options =
    [
        "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password", "-oStrictHostKeyChecking=no",
        "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR", "-oConnectTimeout=20", "-oNumberOfPasswordPrompts=1",
    ];

    /// <summary>One sftp session that logs in with the password and quits; its wall time in ms.</summary>
    public static async Task<double> PasswordLoginAsync(int port, string user, string password, string batchFile)
    {
        var clock = Stopwatch.StartNew();
        var result = await Run.CommandAsync("sshpass", ["-e", "sftp", .. Options, "-P", port.ToString(CultureInfo.InvariantCulture), "-b", batchFile, $"{user}@127.0.0.1"],
            env: new Dictionary<string, string> { ["SSHPASS"] = password });
        var ms = clock.Ms();
        result.Checked($"sftp login of {user} on port {port}");
        return ms;
    }

    /// <summary>utime + stime of the process and of its reaped children, in ms (clock ticks of 10 ms).</summary>
    public static double CpuMs(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)
            + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
        return ticks * 10.0;
    }

    /// <summary><paramref name="count"/> logins one after another: the median latency and the listener's CPU per login.</summary>
    public static async Task<(double LatencyMs, double CpuMs)> RoundAsync(int port, string pidFile, string user, string password, string batchFile, int count)
    {
        var pid = BenchHost.PidOf(pidFile);
        var before = CpuMs(pid);
        var times = new List<double>();
        for (var i = 0; i < count; i++)
        {
            times.Add(await PasswordLoginAsync(port, user, password, batchFile));
        }

        await Task.Delay(300); // the listener reaps the last session's processes
        return (Figures.Median(times), (CpuMs(pid) - before) / count);
    }
}

/// <summary>
/// Mode "login": password-login latency and sshd CPU per login at each size vs the same sshd settings with one Match
/// Group block, for the first customer and for the last one: sshd's group lookups scan /etc/passwd and /etc/group up to
/// the user's own lines, so the last customer's logins cost more on both sshds.
/// </summary>
internal static class LoginBench
{
    public static async Task RunAsync(int[] sizes, int rounds, int perRound)
    {
        await using var host = BenchHost.Create();
        var key = await Population.PublicKeyAsync(host);
        var batch = Path.Combine(host.BaseDir, "bye.sftp");
        await File.WriteAllTextAsync(batch, "pwd\nbye\n");
        int? floorPort = null;
        Console.WriteLine($"login: {rounds} rounds x {perRound} password logins per sshd and user, interleaved; floor = the same main config with one 'Match Group {host.Jail}' block");
        foreach (var size in sizes.Order())
        {
            // The first and the last customer that logs in with a password and is not read-only.
            var indexes = new[] { 1, Enumerable.Range(0, size).Last(i => !Population.KeyOnly(i) && !Population.ReadOnly(i)) }.Distinct().ToArray();
            var clock = Stopwatch.StartNew();
            var applied = await host.Engine.ApplyAsync(Population.State(host, key, size, size),
                [.. indexes.Select(i => new PasswordChange(host.User("u" + i), Population.Password(i)))]);
            if (!applied.Succeeded)
            {
                throw new InvalidOperationException($"apply of {size} customers failed: {applied.Error}");
            }

            var dropIn = await File.ReadAllLinesAsync(host.Profile.SshdDropInPath.Value);
            Console.WriteLine($"{size} customers applied in {clock.Elapsed.TotalSeconds:F1} s; drop-in {dropIn.Sum(l => l.Length + 1) / 1024.0:F1} KiB, {dropIn.Count(l => l.StartsWith("Match ", StringComparison.Ordinal))} Match blocks; /etc/group {File.ReadLines("/etc/group").Count()} lines");
            floorPort ??= await host.StartFloorSshdAsync("floor-sshd", host.OneBlockDropIn());
            var floorPid = Path.Combine(Path.GetDirectoryName(host.FloorConfigPath("floor-sshd"))!, "sshd.pid");
            foreach (var index in indexes)
            {
                var (user, password) = (host.User("u" + index), Population.Password(index));
                await Logins.PasswordLoginAsync(host.Port, user, password, batch);
                await Logins.PasswordLoginAsync(floorPort.Value, user, password, batch);
                var (latency, cpu, floorLatency, floorCpu) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
                for (var round = 0; round < rounds; round++)
                {
                    async Task Product() { var r = await Logins.RoundAsync(host.Port, host.SshdPidFile, user, password, batch, perRound); latency.Add(r.LatencyMs); cpu.Add(r.CpuMs); }
                    async Task Floor() { var r = await Logins.RoundAsync(floorPort.Value, floorPid, user, password, batch, perRound); floorLatency.Add(r.LatencyMs); floorCpu.Add(r.CpuMs); }
                    await Interleave.RoundAsync(round, Product, Floor);
                }

                Figures.Compare($"{size} u{index}: login latency", latency, floorLatency, "ms", "one block");
                Figures.Compare($"{size} u{index}: sshd CPU per login", cpu, floorCpu, "ms", "one block");
            }
        }
    }
}
