using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.Sshd;

/// <summary>Times the real sshd evaluating a config (sshd -T -C), the per-connection cost the drop-in's size adds.</summary>
internal static class SshdParseCost
{
    public static async Task PrintAsync(HostProfile profile, int[] sizes)
    {
        if (!File.Exists("/usr/sbin/sshd") || !File.Exists("/usr/bin/ssh-keygen"))
        {
            Console.WriteLine("(sshd not installed: skipping the sshd -T figures)");
            return;
        }

        var dir = Directory.CreateTempSubdirectory("sj-bench-");
        try
        {
            var key = Path.Combine(dir.FullName, "host_key");
            await RunAsync("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", key);
            Console.WriteLine();
            Console.WriteLine($"{"sites",8} {"Match blocks",13} {"sshd -T ms (median of 5)",26}");
            foreach (var size in sizes)
            {
                var dropIn = Path.Combine(dir.FullName, "drop-in.conf");
                await File.WriteAllTextAsync(dropIn, SshdDropInRenderer.Render(DesiredStateParser.Parse(SyntheticState.Create(size), profile), profile));
                var main = Path.Combine(dir.FullName, "sshd_config");
                await File.WriteAllTextAsync(main, $"Include {dropIn}\nHostKey {key}\nSubsystem sftp internal-sftp\n");
                var times = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    var clock = Stopwatch.StartNew();
                    await RunAsync("/usr/sbin/sshd", "-T", "-f", main, "-C", $"user=user{size - 1},host=h,addr=127.0.0.1");
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }

                var matches = File.ReadLines(dropIn).Count(l => l.StartsWith("Match ", StringComparison.Ordinal));
                Console.WriteLine($"{size,8} {matches,13} {times.Order().ElementAt(2),26:F1}");
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
    }
}
