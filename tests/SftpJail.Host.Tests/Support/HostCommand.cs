using System.Diagnostics;

namespace SftpJail.Host.Tests.Support;

/// <summary>Runs a real program for a test (argv only) and captures everything it printed.</summary>
public static class HostCommand
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError)
    {
        public string All => StandardOutput + StandardError;
    }

    public static async Task<Output> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? environment = null, string? stdin = null, int timeoutSeconds = 60)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish in {timeoutSeconds} s");
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }
}
