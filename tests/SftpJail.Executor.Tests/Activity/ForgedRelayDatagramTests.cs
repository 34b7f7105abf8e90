using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Accounts;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>
/// Datagrams sent to a chroot's <c>dev/log</c> by real processes running as real accounts (util-linux <c>logger</c>
/// under <c>setpriv</c>): the relay keeps a line only when its sender (SCM_CREDENTIALS) may have written it.
/// </summary>
[Collection(HostAccountsCollection.Name)]
public sealed class ForgedRelayDatagramTests : IAsyncLifetime
{
    private readonly TestDirectory root = new();
    private readonly TemporaryAccounts accounts = new();
    private SftpLogRelay relay = null!;
    private AbsolutePath chroot = null!;
    private string sender = null!;
    private string victim = null!;

    private string Output => root["state/activity/sftp.log"].Value;

    private string DevLog => RelayDevEntries.DevOf(chroot).Combine(RelayDevEntries.LogName).Value;

    public async Task InitializeAsync()
    {
        var jailRoot = root.CreateDirectory("www");
        chroot = root.CreateDirectory("www/com.a");
        relay = new SftpLogRelay(Output, new HostFileSystem([root.Path]), jailRoot, NullLogger.Instance);
        relay.Sync([chroot.Value]);
        sender = accounts.NewUserName().Value;
        victim = accounts.NewUserName().Value;
        await RunAsync("/usr/sbin/useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", "--", sender);
        await RunAsync("/usr/sbin/useradd", "--system", "--no-create-home", "--user-group", "--shell", "/usr/sbin/nologin", "--", victim);
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        accounts.Dispose();
        root.Dispose();
    }

    [Fact]
    public async Task Drops_a_line_sent_as_one_account_that_names_another_and_keeps_the_senders_own()
    {
        await SendAsAsync(sender, $"session opened for local user {victim} from [192.0.2.66]");
        await SendAsAsync(sender, "close \"/html/forged\" bytes read 0 written 999", claimedPid: 4_000_001);
        await SendAsAsync(sender, $"session opened for local user {sender} from [192.0.2.1]");

        var lines = await WaitForLinesAsync(1);

        var kept = Assert.Single(lines);
        Assert.Contains($"session opened for local user {sender} from [192.0.2.1]", kept, StringComparison.Ordinal);
        Assert.Equal(2, relay.ForgedCount);
    }

    [Fact]
    public async Task Keeps_what_root_sends()
    {
        await SendAsAsync("root", $"session opened for local user {victim} from [192.0.2.9]", claimedPid: 4_000_002);

        var kept = Assert.Single(await WaitForLinesAsync(1));
        Assert.Contains($"internal-sftp[4000002]: session opened for local user {victim}", kept, StringComparison.Ordinal);
        Assert.Equal(0, relay.ForgedCount);
    }

    /// <summary>logger(1) writes glibc's local format to a datagram socket; --id sets the header's pid (its own when absent).</summary>
    private async Task SendAsAsync(string account, string message, int? claimedPid = null)
    {
        var id = claimedPid is { } pid ? $"--id={pid}" : "--id";
        await RunAsync("/usr/bin/setpriv", "--reuid", account, "--regid", account, "--clear-groups", "--",
            "/usr/bin/logger", "--socket-errors=on", "-u", DevLog, id, "-t", "internal-sftp", "-p", "authpriv.info", "--", message);
    }

    private async Task<string[]> WaitForLinesAsync(int count)
    {
        // The datagrams were sent before this: once the expected lines are there, a few more receive turns let a
        // wrongly kept one show up too.
        string[] lines = [];
        for (var attempt = 0; attempt < 100 && lines.Length < count; attempt++)
        {
            await Task.Delay(50);
            lines = File.Exists(Output) ? await File.ReadAllLinesAsync(Output) : [];
        }

        await Task.Delay(200);
        return File.Exists(Output) ? await File.ReadAllLinesAsync(Output) : [];
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        try
        {
            // useradd waits on /etc/passwd's lock while other tests hold it: bounded, so the test fails instead of hanging.
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill();
            throw;
        }

        await output;
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await error}");
    }
}
