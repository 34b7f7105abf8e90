using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Tests.Processes;

public sealed class HostCommandExceptionTests
{
    private const string Secret = "s3cret-Passw0rd";

    private readonly ProcessRunner runner = new();

    [Fact]
    public async Task A_non_zero_exit_names_the_command_the_code_and_the_first_stderr_line()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "echo 'first problem' >&2; echo 'second' >&2; exit 4"]);

        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunCheckedAsync(spec));

        Assert.Equal("`/bin/sh -c echo 'first problem' >&2; echo 'second' >&2; exit 4` exited 4: first problem", error.Message);
        Assert.Equal(4, error.ExitCode);
    }

    [Fact]
    public async Task A_successful_run_returns_the_result()
    {
        var result = await runner.RunCheckedAsync(new ProcessSpec("/bin/echo", ["ok"]));

        Assert.Equal("ok\n", result.StandardOutput);
    }

    [Fact]
    public async Task The_message_never_contains_standard_input_even_when_the_program_echoes_it()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"rejected: $line\" >&2; exit 1"])
        {
            StandardInput = $"alice:{Secret}\n",
        };

        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunCheckedAsync(spec));

        Assert.DoesNotContain(Secret, error.Message);
        Assert.DoesNotContain(Secret, error.StandardError);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.Contains("exited 1: rejected: [redacted]", error.Message);
    }

    [Fact]
    public async Task A_declared_secret_is_scrubbed_even_when_echoed_alone()
    {
        var spec = new ProcessSpec("/bin/sh", ["-c", "read line; echo \"bad password ${line#*:}\" >&2; exit 1"])
        {
            StandardInput = $"alice:{Secret}\n",
            Secrets = [Secret],
        };

        var error = await Assert.ThrowsAsync<HostCommandException>(() => runner.RunCheckedAsync(spec));

        Assert.EndsWith("exited 1: bad password [redacted]", error.Message);
    }

    [Fact]
    public void A_spec_printed_for_a_log_shows_the_command_but_not_its_standard_input()
    {
        var spec = new ProcessSpec("/usr/sbin/chpasswd", []) { StandardInput = $"alice:{Secret}\n" };

        Assert.Equal("/usr/sbin/chpasswd", spec.ToString());
        Assert.DoesNotContain(Secret, $"{spec}");
    }
}
