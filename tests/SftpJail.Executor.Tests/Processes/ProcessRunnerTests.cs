using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Tests.Processes;

public sealed class ProcessRunnerTests
{
    private readonly ProcessRunner runner = new();

    [Fact]
    public async Task Captures_stdout_stderr_and_the_exit_code()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"]);

        var result = await runner.RunAsync(spec);

        Assert.Equal(3, result.ExitCode);
        Assert.False(result.Succeeded);
        Assert.Equal("out\n", result.StandardOutput);
        Assert.Equal("err\n", result.StandardError);
    }

    [Fact]
    public async Task Passes_arguments_verbatim_without_any_shell_interpretation()
    {
        string[] arguments = ["a b", "$HOME", "; rm -rf /", "*", "`id`", "'q'", "\"d\"", ""];
        var spec = new ProcessSpec("/usr/bin/printf", ["[%s]\n", .. arguments]);

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal(string.Concat(arguments.Select(a => $"[{a}]\n")), result.StandardOutput);
    }

    [Fact]
    public async Task Passes_backslashes_quotes_and_control_characters_verbatim()
    {
        string[] arguments = ["trailing\\", "\\\"quoted\\\"", "a\\\\\"b", "tab\there", "new\nline", "-leading-dash", "ünïcødé", "\"", "\\"];
        var spec = new ProcessSpec("/usr/bin/printf", ["[%s]\n", .. arguments]);

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal(string.Concat(arguments.Select(a => $"[{a}]\n")), result.StandardOutput);
    }

    [Fact]
    public async Task Standard_input_reaches_the_child_and_is_closed()
    {
        var spec = new ProcessSpec("/bin/cat", []) { StandardInput = "first line\nsecond line\n" };

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal("first line\nsecond line\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_child_without_standard_input_reads_end_of_file_instead_of_waiting()
    {
        var spec = new ProcessSpec("/bin/cat", []) { Timeout = TimeSpan.FromSeconds(10) };

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal(string.Empty, result.StandardOutput);
    }

    [Fact]
    public async Task Megabytes_on_both_output_streams_do_not_deadlock()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "yes 0123456789abcdef 2>/dev/null | head -c 8000000; yes err 2>/dev/null | head -c 4000000 >&2"])
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal(8_000_000, result.StandardOutput.Length);
        Assert.Equal(4_000_000, result.StandardError.Length);
    }

    [Fact]
    public async Task Megabytes_through_stdin_and_back_out_do_not_deadlock()
    {
        var input = string.Concat(Enumerable.Repeat("the quick brown fox jumps\n", 200_000));
        var spec = new ProcessSpec("/bin/cat", []) { StandardInput = input, Timeout = TimeSpan.FromSeconds(30) };

        var result = await runner.RunAsync(spec);

        Assert.True(result.Succeeded);
        Assert.Equal(input.Length, result.StandardOutput.Length);
        Assert.Equal(input, result.StandardOutput);
    }

    [Fact]
    public async Task Applies_environment_overrides_and_removals()
    {
        var spec = new ProcessSpec("/usr/bin/env", [])
        {
            Environment = new Dictionary<string, string?> { ["SJTEST_ADDED"] = "yes", ["HOME"] = null },
        };

        var result = await runner.RunAsync(spec);

        var lines = result.StandardOutput.Split('\n');
        Assert.Contains("SJTEST_ADDED=yes", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("HOME=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Runs_in_the_requested_working_directory()
    {
        var spec = new ProcessSpec("/bin/pwd", []) { WorkingDirectory = "/usr/share" };

        var result = await runner.RunAsync(spec);

        Assert.Equal("/usr/share\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_missing_executable_is_reported_as_a_host_command_failure()
    {
        var spec = new ProcessSpec("/nonexistent/sjtest-no-such-program", ["--flag"]);

        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunAsync(spec));

        Assert.StartsWith("`/nonexistent/sjtest-no-such-program --flag` could not be started:", error.Message);
        Assert.Contains("No such file or directory", error.Message);
        Assert.Null(error.ExitCode);
    }

    [Fact]
    public async Task A_missing_working_directory_is_reported_as_a_host_command_failure()
    {
        var spec = new ProcessSpec("/bin/pwd", []) { WorkingDirectory = "/nonexistent/sjtest-no-such-directory" };

        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunAsync(spec));

        Assert.StartsWith("`/bin/pwd` could not be started:", error.Message);
        Assert.Null(error.ExitCode);
    }
}
