using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

/// <summary>
/// The relay's ownership record is locked across processes: another process holding the lock (util-linux
/// <c>flock</c>, the same flock(2) on the same directory) keeps a sync from reading and rewriting the record, and
/// the relay's lock keeps the other process out.
/// </summary>
public sealed class RelayRecordLockTests : IAsyncLifetime
{
    private readonly TestDirectory root = new();
    private HostFileSystem files = null!;
    private AbsolutePath jailRoot = null!;
    private SftpLogRelay relay = null!;

    private AbsolutePath Record => jailRoot.Combine(RelayDevEntries.StateDirectoryName).Combine("dev-entries");

    public Task InitializeAsync()
    {
        jailRoot = root.CreateDirectory("www");
        files = new HostFileSystem([root.Path]);
        relay = new SftpLogRelay(root["state/activity/sftp.log"].Value, files, jailRoot, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        root.Dispose();
    }

    [Fact]
    public async Task A_sync_waits_while_another_process_holds_the_record_and_then_records_its_chroot()
    {
        var a = root.CreateDirectory("www/com.a");
        var b = root.CreateDirectory("www/com.b");
        relay.Sync([a.Value]);

        using var holder = await HoldInAnotherProcessAsync();
        var sync = Task.Run(() => relay.Sync([a.Value, b.Value]));
        try
        {
            await Task.Delay(750);

            Assert.False(sync.IsCompleted, "the sync went ahead while another process held the record's lock");
            Assert.DoesNotContain(b.Value, await File.ReadAllTextAsync(Record.Value), StringComparison.Ordinal);
        }
        finally
        {
            holder.StandardInput.Close();
            await holder.WaitForExitAsync();
            await sync.WaitAsync(TimeSpan.FromSeconds(40));
        }

        Assert.Equal([a.Value, b.Value], (await File.ReadAllLinesAsync(Record.Value)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Another_process_cannot_take_the_lock_while_the_relay_holds_it()
    {
        var a = root.CreateDirectory("www/com.a");
        relay.Sync([a.Value]);
        var devs = new RelayDevEntries(files, jailRoot);

        using (devs.Lock())
        {
            Assert.Equal(1, await TryLockInAnotherProcessAsync());
        }

        Assert.Equal(0, await TryLockInAnotherProcessAsync());
    }

    /// <summary>flock(1) holds the directory's lock until its standard input closes; it says "held" once it has it.</summary>
    private async Task<Process> HoldInAnotherProcessAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/flock") { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "--exclusive", jailRoot.Combine(RelayDevEntries.StateDirectoryName).Value, "/bin/sh", "-c", "echo held; read line" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var said = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("held", said);
        return process;
    }

    private async Task<int> TryLockInAnotherProcessAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/flock");
        foreach (var argument in new[] { "--exclusive", "--nonblock", jailRoot.Combine(RelayDevEntries.StateDirectoryName).Value, "/bin/true" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
