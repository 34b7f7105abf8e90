using SftpJail.Executor.Activity;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>Which sender may have written which internal-sftp line (the kernel's pid and uid, not the header's).</summary>
public sealed class RelaySenderCheckTests
{
    private const uint Alice = 2001;
    private const uint Victim = 2002;

    private readonly RelaySenderCheck check = new(name => name switch { "alice" => Alice, "victim" => Victim, _ => null });

    [Fact]
    public void Accepts_a_session_line_from_the_named_accounts_own_process()
    {
        Assert.Null(check.Refusal(new RelaySender(700, Alice), 700, "session opened for local user alice from [192.0.2.1]"));
        Assert.Null(check.Refusal(new RelaySender(700, Alice), 700, "close \"/html/a\" bytes read 0 written 5"));
        Assert.Null(check.Refusal(new RelaySender(700, Alice), 700, "session closed for local user alice from [192.0.2.1]"));
    }

    [Fact]
    public void Refuses_a_session_line_naming_another_account()
    {
        Assert.NotNull(check.Refusal(new RelaySender(700, Alice), 700, "session opened for local user victim from [192.0.2.1]"));
        Assert.NotNull(check.Refusal(new RelaySender(700, Alice), 700, "session closed for local user victim from [192.0.2.1]"));
        Assert.NotNull(check.Refusal(new RelaySender(700, Alice), 700, "session opened for local user nosuchuser from [192.0.2.1]"));
    }

    [Fact]
    public void Refuses_a_line_whose_header_pid_is_not_the_senders()
    {
        // The victim's session is pid 900: a line claiming that pid is attributed to it by the reader.
        Assert.NotNull(check.Refusal(new RelaySender(700, Alice), 900, "close \"/html/x\" bytes read 0 written 999"));
        Assert.NotNull(check.Refusal(new RelaySender(700, Alice), 900, "session opened for local user alice from [192.0.2.1]"));
    }

    [Fact]
    public void Refuses_a_line_from_a_reused_pid_of_another_accounts_open_session()
    {
        Assert.Null(check.Refusal(new RelaySender(900, Victim), 900, "session opened for local user victim from [192.0.2.1]"));

        Assert.NotNull(check.Refusal(new RelaySender(900, Alice), 900, "remove name \"/html/index.html\""));
        Assert.Null(check.Refusal(new RelaySender(900, Victim), 900, "remove name \"/html/index.html\""));
    }

    [Fact]
    public void Accepts_anything_from_root_and_nothing_without_credentials()
    {
        Assert.Null(check.Refusal(new RelaySender(1, 0), 900, "session opened for local user victim from [192.0.2.1]"));
        Assert.NotNull(check.Refusal(null, 900, "remove name \"/html/a\""));
    }
}
