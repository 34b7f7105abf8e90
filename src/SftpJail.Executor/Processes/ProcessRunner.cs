using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace SftpJail.Executor.Processes;

/// <summary>
/// Runs host programs with an argument vector (ProcessStartInfo.ArgumentList, never a shell). Output is read
/// concurrently with the wait so a chatty child cannot fill a pipe and deadlock; a timeout or cancellation kills
/// the whole process tree before the exception is thrown.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);
    private static readonly TimeSpan ReapGrace = TimeSpan.FromSeconds(5);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Timeout <= TimeSpan.Zero && spec.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Timeout, "A process timeout must be positive.");
        }

        ct.ThrowIfCancellationRequested();
        using var process = new Process { StartInfo = StartInfoFor(spec) };
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new HostCommandException(spec, $"{e.Message} (is '{spec.FileName}' installed and executable?)", e);
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var stdin = WriteStandardInputAsync(process, spec.StandardInput);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(spec.Timeout);
        try
        {
            // The reads are part of the wait: a grandchild holding the pipes open counts against the timeout too.
            await Task.WhenAll(process.WaitForExitAsync(deadline.Token), stdout, stderr, stdin).WaitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            await KillTreeAsync(process).ConfigureAwait(false);
            if (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException($"`{spec.CommandLine}` was cancelled; its process tree was killed.", ct);
            }

            throw new TimeoutException($"`{spec.CommandLine}` did not finish within {spec.Timeout.TotalSeconds:0.###} s; its process tree was killed.");
        }

        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), stopwatch.Elapsed);
    }

    private static ProcessStartInfo StartInfoFor(ProcessSpec spec)
    {
        var startInfo = new ProcessStartInfo(spec.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = Utf8,
            StandardOutputEncoding = Utf8,
            StandardErrorEncoding = Utf8,
            WorkingDirectory = spec.WorkingDirectory ?? string.Empty,
        };

        foreach (var argument in spec.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in spec.Environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        return startInfo;
    }

    private static async Task WriteStandardInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The child exited or closed its stdin without reading everything; its exit code says what happened.
        }
    }

    private static async Task KillTreeAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ReapGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // SIGKILL was sent; a process stuck in uninterruptible sleep is reaped by the runtime when it goes.
        }
    }
}
