using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>A customer who stays connected must not keep access, nor block the removal of its account.</summary>
[Collection(HostCollection.Name)]
public sealed class OpenSessionTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Removing_a_user_with_an_open_sftp_session_ends_the_session_and_removes_the_account()
    {
        var keep = host.UserName("a");
        var gone = host.UserName("g");
        Assert.True((await host.ApplyAsync(Of(Site("open.example", User(keep), User(gone))), new PasswordChange(gone, Password))).Succeeded);
        using var session = new ClientSession(await OpenSessionAsync(gone));

        var removed = await host.ApplyAsync(Of(Site("open.example", User(keep))));

        Assert.True(removed.Succeeded, removed.Error);
        Assert.NotEqual(0, (await HostCommand.RunAsync("getent", ["passwd", gone])).ExitCode);
        await AssertSessionEndedAsync(gone);
    }

    [Fact]
    public async Task Disabling_a_user_cuts_off_its_open_session()
    {
        var user = host.UserName("d");
        Assert.True((await host.ApplyAsync(Of(Site("cut.example", User(user))), new PasswordChange(user, Password))).Succeeded);
        using var session = new ClientSession(await OpenSessionAsync(user));

        var disabled = await host.ApplyAsync(Of(Site("cut.example", User(user, disabled: true))));

        Assert.True(disabled.Succeeded, disabled.Error);
        await AssertSessionEndedAsync(user);
    }

    /// <summary>
    /// The server side is what matters: no process runs as the user and sshd holds no session for it. (The sftp client
    /// itself, blocked on its own input under sshpass, only notices at its next command.)
    /// </summary>
    private static async Task AssertSessionEndedAsync(string user)
    {
        var remaining = -1;
        for (var i = 0; i < 50 && remaining != 1; i++)
        {
            remaining = (await HostCommand.RunAsync("pgrep", ["-f", $"sshd: {user}"])).ExitCode == 0 || (await HostCommand.RunAsync("pgrep", ["-u", user])).ExitCode == 0 ? 0 : 1;
            await Task.Delay(remaining == 1 ? 0 : 100);
        }

        Assert.True(remaining == 1, $"a session of {user} is still running");
    }

    /// <summary>An interactive sftp whose standard input stays open, so the session lasts until the server ends it.</summary>
    private async Task<Process> OpenSessionAsync(string user)
    {
        var start = new ProcessStartInfo("sshpass") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-e", "sftp", "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password",
            "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-P", host.Port.ToString(), $"{user}@127.0.0.1" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SSHPASS"] = Password;
        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        for (var i = 0; i < 100 && (await HostCommand.RunAsync("pgrep", ["-u", user])).ExitCode != 0; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, (await HostCommand.RunAsync("pgrep", ["-u", user])).ExitCode);
        return process;
    }

    private sealed class ClientSession(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
