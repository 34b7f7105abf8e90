using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>Against a stand-in /proc: only a pid that is sshd and runs as the jailed account is ever signalled.</summary>
public sealed class SessionTerminatorTests
{
    private static readonly LinuxUserName User = LinuxUserName.Parse("site1");

    [Fact]
    public void Refuses_an_account_the_executor_does_not_manage()
    {
        var result = new SessionTerminator("/usr/sbin/sshd").Close(User, managedUid: null, 4242);

        Assert.False(result.Closed);
    }

    [Fact]
    public void Refuses_a_pid_running_as_someone_else()
    {
        using var proc = FakeProc(uid: "0", exe: "/usr/sbin/sshd");

        var result = new SessionTerminator("/usr/sbin/sshd", proc.Path.Value).Close(User, 1001, 4242);

        Assert.False(result.Closed);
        Assert.Contains("not a session of site1", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_process_of_that_user_that_is_not_sshd()
    {
        using var proc = FakeProc(uid: "1001", exe: "/usr/bin/sleep");

        var result = new SessionTerminator("/usr/sbin/sshd", proc.Path.Value).Close(User, 1001, 4242);

        Assert.False(result.Closed);
        Assert.Contains("not an sshd", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pid_that_is_gone_is_reported_as_not_running()
    {
        using var proc = new TestDirectory();

        var result = new SessionTerminator("/usr/sbin/sshd", proc.Path.Value).Close(User, 1001, 4242);

        Assert.False(result.Closed);
        Assert.Contains("not running", result.Message, StringComparison.Ordinal);
    }

    private static TestDirectory FakeProc(string uid, string exe)
    {
        var proc = new TestDirectory();
        proc.CreateDirectory("4242");
        proc.CreateFile("4242/status", $"Name:\tsshd\nUid:\t{uid}\t{uid}\t{uid}\t{uid}\nGid:\t0\t0\t0\t0\n");
        proc.CreateSymlink("4242/exe", AbsolutePath.Parse(exe));
        return proc;
    }
}
