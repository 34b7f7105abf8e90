using System.Diagnostics;
using System.Text;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Install;

/// <summary>
/// Runs an installed unit's ExecStart as systemd would without being PID 1 here: its User=/Group= (through setpriv),
/// WorkingDirectory= and Environment= only, plus the manager's PATH. Output is kept for the failure message; dispose
/// sends SIGTERM, then SIGKILL.
/// </summary>
public sealed class UnitProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private UnitProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static UnitProcess Start(UnitFile unit, IDictionary<string, string>? extraEnvironment = null)
    {
        var command = unit.ExecStart;
        var user = unit.Value("User") ?? "root";
        var group = unit.Value("Group") ?? user;
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = unit.Value("WorkingDirectory") ?? "/",
        };
        if (user == "root")
        {
            start.FileName = command[0];
        }
        else
        {
            start.FileName = "setpriv";
            foreach (var arg in new[] { $"--reuid={user}", $"--regid={group}", "--init-groups", "--", command[0] })
            {
                start.ArgumentList.Add(arg);
            }
        }

        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var (key, value) in unit.Environment)
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {command[0]}");
        process.StandardInput.Close();
        var running = new UnitProcess(process);
        process.OutputDataReceived += (_, e) => running.Append(e.Data);
        process.ErrorDataReceived += (_, e) => running.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>For a oneshot unit: its exit code once it ends, or a timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(wait.Token);
        return process.ExitCode;
    }

    /// <summary>SIGTERM (what systemctl stop sends), then SIGKILL if it is still running after the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        await HostCommand.RunAsync("kill", ["-TERM", process.Id.ToString()]);
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
