using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Processes;

/// <summary>Passwords travel on stdin only, and nothing the runner throws or prints can carry one.</summary>
public sealed class ProcessRunnerSecretTests : IDisposable
{
    private const string Secret = "Hunter2-s3cret";

    private readonly ProcessRunner runner = new();
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_password_on_standard_input_reaches_the_child_but_not_its_argument_list()
    {
        var received = directory["received"].Value;
        var cmdline = directory["cmdline"].Value;
        var spec = new ProcessSpec("/bin/sh", ["-c", $"read line; printf '%s' \"$line\" > {received}; tr '\\0' ' ' < /proc/$$/cmdline > {cmdline}"])
        {
            StandardInput = $"alice:{Secret}\n",
            Secrets = [Secret],
        };

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal($"alice:{Secret}", await File.ReadAllTextAsync(received));
        var childArguments = await File.ReadAllTextAsync(cmdline);
        Assert.StartsWith("/bin/sh -c read line;", childArguments, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, childArguments);
    }

    [Fact]
    public async Task A_declared_secret_in_an_argument_is_refused_before_anything_starts()
    {
        var marker = directory["started"].Value;
        var spec = new ProcessSpec("/bin/sh", ["-c", $"touch {marker}; echo \"$1\" | chpasswd", "sh", $"alice:{Secret}"]) { Secrets = [Secret] };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(spec));

        Assert.Contains("secrets go on standard input only", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_declared_secret_in_the_environment_is_refused_before_anything_starts()
    {
        var marker = directory["started"].Value;
        var spec = new ProcessSpec("/usr/bin/touch", [marker])
        {
            Environment = new Dictionary<string, string?> { ["PASSWORD"] = Secret },
            Secrets = [Secret],
        };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => runner.RunAsync(spec));

        Assert.DoesNotContain(Secret, error.ToString());
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task A_timeout_reports_no_standard_input_even_after_the_child_echoed_it()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"bad: $line\" >&2; echo \"$line\"; exec sleep 30"])
        {
            StandardInput = $"alice:{Secret}\n",
            Timeout = TimeSpan.FromMilliseconds(500),
        };

        var error = await Assert.ThrowsAsync<TimeoutException>(() => runner.RunCheckedAsync(spec));

        Assert.DoesNotContain(Secret, error.ToString());
    }

    [Fact]
    public async Task A_cancellation_reports_no_standard_input_even_after_the_child_echoed_it()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"bad: $line\" >&2; exec sleep 30"])
        {
            StandardInput = $"alice:{Secret}\n",
            Secrets = [Secret],
        };
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunCheckedAsync(spec, cancellation.Token));

        Assert.DoesNotContain(Secret, error.ToString());
    }

    [Fact]
    public async Task A_failed_run_throws_only_the_projects_scrubbed_exception_never_the_raw_stderr()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"chpasswd: cannot set $line\" >&2; exit 1"])
        {
            StandardInput = $"alice:{Secret}\n",
            Secrets = [Secret],
        };

        var result = await runner.RunAsync(spec);
        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunCheckedAsync(spec));

        Assert.Equal(1, result.ExitCode);
        Assert.Null(error.InnerException);
        Assert.Equal("`/bin/sh -c read line; echo \"chpasswd: cannot set $line\" >&2; exit 1` exited 1: chpasswd: cannot set [redacted]", error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.DoesNotContain(Secret, error.StandardError);
    }

    [Fact]
    public async Task A_result_printed_for_a_log_shows_neither_output_stream()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"$line\"; echo \"$line\" >&2; exit 2"]) { StandardInput = $"alice:{Secret}\n" };

        var result = await runner.RunAsync(spec);

        Assert.Contains(Secret, result.StandardOutput);
        Assert.DoesNotContain(Secret, $"{result}");
        Assert.StartsWith("exit 2 after ", $"{result}", StringComparison.Ordinal);
    }
}
