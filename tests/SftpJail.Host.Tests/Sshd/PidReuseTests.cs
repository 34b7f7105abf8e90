using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Sshd;

/// <summary>
/// The attack: the dedicated sshd died and its pid was reused; the pid file was trusted on kill(pid, 0), so apply said
/// "nothing to change" while SFTP was down, and the next reload signalled the unrelated process. The stand-in here is
/// a copy of sleep named "sshd", so even its process name looks right.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PidReuseTests : IAsyncLifetime
{
    private JailHost host = null!;
    private Process? stranger;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync()
    {
        if (stranger is { HasExited: false })
        {
            stranger.Kill();
            await stranger.WaitForExitAsync();
        }

        stranger?.Dispose();
        await host.DisposeAsync();
    }

    [Fact(Timeout = 120_000)]
    public async Task A_pid_file_naming_another_process_called_sshd_is_not_trusted_sshd_is_restarted_and_the_stranger_is_not_signalled()
    {
        var state = Of(Site("pid.example", User(host.UserName("a"))));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var pidFile = Path.Combine(host.Profile.SshdMainConfigPath.Parent!.Value, "sshd.pid");
        var sshd = int.Parse(File.ReadAllText(pidFile).Trim());
        await StopAsync(sshd);
        stranger = StartStranger();
        await File.WriteAllTextAsync(pidFile, stranger.Id + "\n");

        var again = await host.ApplyAsync(state);

        Assert.True(again.Succeeded, again.Error);
        Assert.Contains(again.Applied, s => s.Summary.Contains("start the dedicated sshd", StringComparison.Ordinal));
        Assert.False(stranger.HasExited, "the unrelated process was signalled");
        Assert.StartsWith("SSH-2.0-", await BannerAsync(host.Port));
        var restarted = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.NotEqual(stranger.Id, restarted);
        Assert.Contains(host.Profile.SshdMainConfigPath.Value, File.ReadAllText($"/proc/{restarted}/cmdline"), StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task A_live_sshd_that_does_not_answer_on_its_port_is_restarted()
    {
        var state = Of(Site("hung.example", User(host.UserName("a"))));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var pidFile = Path.Combine(host.Profile.SshdMainConfigPath.Parent!.Value, "sshd.pid");
        var sshd = int.Parse(File.ReadAllText(pidFile).Trim());
        Assert.Equal(0, (await HostCommand.RunAsync("kill", ["-STOP", sshd.ToString()])).ExitCode);
        try
        {
            var again = await host.ApplyAsync(state);

            Assert.True(again.Succeeded, again.Error);
            Assert.Contains(again.Applied, s => s.Summary.Contains("start the dedicated sshd", StringComparison.Ordinal));
            Assert.StartsWith("SSH-2.0-", await BannerAsync(host.Port));
        }
        finally
        {
            await HostCommand.RunAsync("kill", ["-CONT", sshd.ToString()]);
        }
    }

    private Process StartStranger()
    {
        var directory = Path.Combine(host.BaseDir, "stranger");
        Directory.CreateDirectory(directory);
        var binary = Path.Combine(directory, "sshd");
        File.Copy("/bin/sleep", binary);
        File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        return Process.Start(new ProcessStartInfo(binary, "600") { UseShellExecute = false })!;
    }

    private static async Task StopAsync(int pid)
    {
        await HostCommand.RunAsync("kill", [pid.ToString()]);
        for (var i = 0; i < 100 && File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z", StringComparison.Ordinal); i++)
        {
            await Task.Delay(50);
        }
    }

    private static async Task<string> BannerAsync(int port)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var buffer = new byte[64];
        var read = await client.GetStream().ReadAsync(buffer, timeout.Token);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
