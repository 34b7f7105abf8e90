using System.Diagnostics;
using System.Globalization;

namespace SftpJail.Web.Tests.Browser;

/// <summary>The processes a demo panel has started, as /proc and their pid files show them.</summary>
public sealed record DemoProcesses(int Panel, int? Executor, int? Sshd, int? Nginx)
{
    public static DemoProcesses Of(LivePanel demo)
    {
        var panel = demo.Process.Id;
        var executor = Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0 && Parent(pid) == panel && CommandLine(pid).Contains("SftpJail.Executor.dll", StringComparison.Ordinal))
            .Select(pid => (int?)pid)
            .FirstOrDefault();
        return new DemoProcesses(
            panel,
            executor,
            ReadPid(Path.Combine(demo.StateDir, "sshd", "sshd.pid")),
            ReadPid(Path.Combine(demo.StateDir, "nginx", "run", "nginx.pid")));
    }

    /// <summary>Waits up to 30 s for every one of them to be gone (a zombie counts as gone: it runs nothing).</summary>
    public static async Task AssertAllGoneAsync(DemoProcesses started)
    {
        Assert.NotNull(started.Executor);
        var pids = new (string Name, int? Pid)[] { ("executor", started.Executor), ("dedicated sshd", started.Sshd), ("dedicated nginx", started.Nginx) };
        var watch = Stopwatch.StartNew();
        while (pids.Any(p => p.Pid is { } pid && IsLive(pid)) && watch.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(200);
        }

        foreach (var (name, pid) in pids)
        {
            Assert.False(pid is { } live && IsLive(live), $"the {name} (pid {pid}) outlived the panel");
        }
    }

    public static bool IsLive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
    }

    private static int? ReadPid(string file) =>
        File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && IsLive(pid) ? pid : null;

    private static int Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException or FormatException)
        {
            return 0;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return "";
        }
    }
}
