using System.Diagnostics;
using System.Text;

namespace SftpJail.Core.Tests.Values;

/// <summary>Runs the real /usr/bin/ssh-keygen with an argument vector (no shell).</summary>
internal static class SshKeygen
{
    private const string Path = "/usr/bin/ssh-keygen";

    public static async Task<string> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ssh-keygen did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                new StringBuilder($"ssh-keygen {string.Join(' ', arguments)} exited with {process.ExitCode}: ").Append(await stderr).ToString());
        }

        return output;
    }
}
