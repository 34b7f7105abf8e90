using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.Tests.Accounts;

public sealed class PasswordRulesTests
{
    private readonly RecordingRunner runner = new();

    public static TheoryData<string, string> Rejected => new()
    {
        { "line\nbreak", "line break" },
        { "carriage\rreturn", "line break" },
        { "nul\0char", "NUL" },
        { string.Empty, "required" },
        { new string('x', 1025), "at most 1024" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public async Task Refuses_a_password_chpasswd_cannot_take_without_running_anything(string password, string reason)
    {
        var accounts = new SystemAccounts(runner);

        var error = await Assert.ThrowsAsync<InputRejectedException>(() => accounts.SetPasswordAsync(LinuxUserName.Parse("alice"), password));

        Assert.Contains(reason, error.Message);
        if (password.Length > 0)
        {
            Assert.DoesNotContain(password, error.Message);
        }

        Assert.Empty(runner.Specs);
    }

    [Fact]
    public async Task Passes_the_password_on_standard_input_only()
    {
        var accounts = new SystemAccounts(runner);
        var password = "correct horse: battery staple " + new string('x', 994);

        await accounts.SetPasswordAsync(LinuxUserName.Parse("alice"), password);

        var spec = Assert.Single(runner.Specs);
        Assert.Equal("/usr/sbin/chpasswd", spec.FileName);
        Assert.Empty(spec.Arguments);
        Assert.Equal($"alice:{password}\n", spec.StandardInput);
    }

    private sealed class RecordingRunner : IProcessRunner
    {
        public List<ProcessSpec> Specs { get; } = [];

        public Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default)
        {
            Specs.Add(spec);
            return Task.FromResult(new ProcessResult(0, string.Empty, string.Empty, TimeSpan.Zero));
        }
    }
}
