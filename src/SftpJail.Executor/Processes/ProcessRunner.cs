using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace SftpJail.Executor.Processes;

/// <summary>
/// Runs host programs through CliWrap with an argument list (never a shell), stdin piped from the spec and both
/// output streams buffered concurrently. A timeout or cancellation kills the whole process tree before the exception
/// is thrown. CliWrap's own exit-code validation is off: its exception carries raw stderr, which may echo a secret,
/// so callers check the exit code themselves (<see cref="ProcessRunnerExtensions.RunCheckedAsync"/>), and every
/// message built here goes through <see cref="SecretScrubber"/>.
/// </summary>
public sealed class ProcessRunner : IProcessRunner
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public async Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Timeout <= TimeSpan.Zero && spec.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Timeout, "A process timeout must be positive.");
        }

        SecretPlacement.EnsureSecretsOnlyOnStandardInput(spec);
        ct.ThrowIfCancellationRequested();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(spec.Timeout);
        var stopwatch = Stopwatch.StartNew();
        CommandTask<BufferedCommandResult> running;
        try
        {
            // CliWrap starts the process synchronously here, so a missing program throws before any await.
            running = CommandFor(spec).ExecuteBufferedAsync(Utf8, Utf8, deadline.Token);
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            var reason = (e.InnerException ?? e).Message;
            throw new HostCommandException(spec, $"{reason} (is '{spec.FileName}' installed and executable?)", e);
        }

        try
        {
            var result = await running.ConfigureAwait(false);
            return new ProcessResult(result.ExitCode, result.StandardOutput, result.StandardError, stopwatch.Elapsed);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // CliWrap has killed the tree (Process.Kill(entireProcessTree: true)) and waited for the exit.
            if (ct.IsCancellationRequested)
            {
                throw new OperationCanceledException(
                    SecretScrubber.Scrub(spec, $"`{spec.CommandLine}` was cancelled; its process tree was killed."), ct);
            }

            throw new TimeoutException(SecretScrubber.Scrub(
                spec, $"`{spec.CommandLine}` did not finish within {spec.Timeout.TotalSeconds:0.###} s; its process tree was killed."));
        }
    }

    private static Command CommandFor(ProcessSpec spec)
    {
        var command = Cli.Wrap(spec.FileName)
            .WithArguments(spec.Arguments)
            .WithStandardInputPipe(spec.StandardInput is null ? PipeSource.Null : PipeSource.FromString(spec.StandardInput, Utf8))
            .WithValidation(CommandResultValidation.None);
        if (spec.Environment is { } environment)
        {
            command = command.WithEnvironmentVariables(environment);
        }

        return spec.WorkingDirectory is null ? command : command.WithWorkingDirectory(spec.WorkingDirectory);
    }
}
