using System.Diagnostics;
using System.Globalization;

namespace SftpJail.Executor.Tests.Support;

/// <summary>coreutils stat(1) as an oracle independent of the code under test (lstat semantics: never follows a link).</summary>
public sealed record HostStat(uint Uid, uint Gid, int Mode, string Type, long Inode, long Size)
{
    public static HostStat Of(string path)
    {
        var output = Run("/usr/bin/stat", "--format=%u|%g|%a|%F|%i|%s", "--", path).Trim();
        var fields = output.Split('|');
        return new HostStat(
            uint.Parse(fields[0], CultureInfo.InvariantCulture),
            uint.Parse(fields[1], CultureInfo.InvariantCulture),
            Convert.ToInt32(fields[2], 8),
            fields[3],
            long.Parse(fields[4], CultureInfo.InvariantCulture),
            long.Parse(fields[5], CultureInfo.InvariantCulture));
    }

    public static uint LinkCount(string path) =>
        uint.Parse(Run("/usr/bin/stat", "--format=%h", "--", path).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Runs a helper program synchronously for arranging and asserting (never a shell).</summary>
    public static string Run(string program, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEnd();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr}");
    }
}
