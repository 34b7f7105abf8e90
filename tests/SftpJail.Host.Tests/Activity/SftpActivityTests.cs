using System.Diagnostics;
using ActivityEvent = SftpJail.Core.Activity.ActivityEvent;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Activity;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Activity;
using SftpJail.Data.Entities;
using SftpJail.Executor;
using SftpJail.Executor.Activity;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Activity;

/// <summary>
/// Real sftp sessions against the dedicated sshd (its -E log file) with internal-sftp's messages coming through the
/// chroot log relay as the executor runs it by default; the executor's reader follows both files and the panel's
/// recorder stores exactly those transfers.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SftpActivityTests : IAsyncLifetime
{
    private const string Password = "activity-horse-battery-7";
    private const int UploadBytes = 12_345;
    private const string HostileName = "evil\" bytes read 0 written 999";

    private JailHost host = null!;
    private DefaultRelay relay = null!;
    private string user = null!;
    private string local = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        relay = await DefaultRelay.StartAsync(host);
        user = host.UserName("a");
        var applied = await host.ApplyAsync(Of(Site("activity.example", User(user))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);
        // The apply itself linked the new chroot's dev/log: its first session is logged.
        var devLog = Path.Combine(host.Engine.ManagedChroots().Single(), "dev", "log");
        Assert.Equal(SftpJail.Executor.Socket.UnixFileKind.Socket, SftpJail.Executor.Socket.UnixFileStatus.Read(devLog)?.Kind);
        local = Path.Combine(host.BaseDir, "upload.bin");
        await File.WriteAllBytesAsync(local, Enumerable.Range(0, UploadBytes).Select(i => (byte)i).ToArray());
    }

    public async Task DisposeAsync()
    {
        await relay.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task The_reader_sees_each_sftp_operation_with_its_byte_counts()
    {
        await RunSessionAsync();

        var events = (await ReadAllAsync()).Events;

        Assert.Contains(events, e => e is { Kind: ActivityEventKind.LoginAccepted, Method: "password", Address: "127.0.0.1" } && e.User == user);
        Assert.Contains(events, e => e is { Kind: ActivityEventKind.LoginFailed } && e.User == user);
        var opened = Assert.Single(events, e => e.Kind == ActivityEventKind.SessionOpened && e.User == user);
        var sftp = events.Where(e => e.IsSftp && e.Pid == opened.Pid).ToList();
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.FileClosed, Path: "/html/up.bin", BytesWritten: UploadBytes, BytesRead: 0 });
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.FileClosed, Path: "/html/up.bin", BytesRead: UploadBytes, BytesWritten: 0 });
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.DirectoryCreated, Path: "/html/d" });
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.Renamed, Path: "/html/up.bin", NewPath: "/html/d/moved.bin" });
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.Removed, Path: "/html/d/moved.bin" });
        Assert.Contains(sftp, e => e is { Kind: ActivityEventKind.DirectoryRemoved, Path: "/html/d" });
        Assert.Contains(sftp, e => e.Kind == ActivityEventKind.FileClosed && e.Path == "/html/" + HostileName && e.BytesWritten == UploadBytes);
        Assert.DoesNotContain(sftp, e => e.BytesWritten == 999);
        Assert.Contains(sftp, e => e.Kind == ActivityEventKind.SessionClosed);
    }

    [Fact]
    public async Task The_stored_history_holds_exactly_those_transfers_and_a_second_pull_adds_nothing()
    {
        await RunSessionAsync();
        using var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        var options = new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(connection).Options;
        await using (var db = new SftpJailDbContext(options))
        {
            await db.Database.MigrateAsync();
            var site = new Site { Domain = "activity.example" };
            site.Users.Add(new SftpAccount { UserName = user });
            db.Sites.Add(site);
            await db.SaveChangesAsync();
        }

        await using (var db = new SftpJailDbContext(options))
        {
            var recorder = new ActivityRecorder(db, host.Engine, TimeProvider.System, new ActivityRetention());
            var status = await recorder.PullAsync();
            Assert.True(status.SourceFound);
            await recorder.PullAsync();
        }

        await using (var db = new SftpJailDbContext(options))
        {
            var rows = await db.Set<ActivityTransfer>().OrderBy(t => t.Id).ToListAsync();
            Assert.Equal(
                [
                    $"Upload /html/up.bin {UploadBytes}/0",
                    $"Download /html/up.bin 0/{UploadBytes}",
                    "Mkdir /html/d 0/0",
                    "Rename /html/up.bin→/html/d/moved.bin 0/0",
                    "Remove /html/d/moved.bin 0/0",
                    "Rmdir /html/d 0/0",
                    $"Upload /html/{HostileName} {UploadBytes}/0",
                ],
                rows.Select(t => $"{t.Kind} {t.Path}{(t.NewPath is null ? "" : "→" + t.NewPath)} {t.BytesWritten}/{t.BytesRead}"));
            Assert.All(rows, t => Assert.Equal(user, t.UserName));
            var logins = await db.Set<ActivityLogin>().OrderBy(l => l.Id).ToListAsync();
            Assert.Equal(["failed password", "ok password"], logins.Select(l => $"{(l.Succeeded ? "ok" : "failed")} {l.Method}"));
            var session = Assert.Single(await db.Set<ActivitySession>().ToListAsync());
            Assert.NotNull(session.ClosedAt);
        }
    }

    [Fact]
    public async Task Close_session_ends_that_users_live_sftp_and_refuses_another_users_name()
    {
        using var sftp = StartInteractiveSftp();
        try
        {
            var opened = await WaitForSessionAsync();

            var wrongUser = await host.Engine.CloseSessionAsync("root", opened.Pid);
            var notManaged = await host.Engine.CloseSessionAsync(host.UserName("zz"), opened.Pid);
            Assert.False(wrongUser.Closed);
            Assert.False(notManaged.Closed);
            Assert.False(sftp.HasExited);

            var closed = await host.Engine.CloseSessionAsync(user, opened.Pid);

            Assert.True(closed.Closed, closed.Message);
            await WaitUntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{opened.Pid}")));
            // The client only notices at its next command that needs the server ("pwd" is answered locally): it fails and exits.
            await sftp.StandardInput.WriteLineAsync("ls");
            await sftp.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await sftp.WaitForExitAsync(timeout.Token);
            Assert.NotEqual(0, sftp.ExitCode);
        }
        finally
        {
            if (!sftp.HasExited)
            {
                sftp.Kill(entireProcessTree: true);
            }
        }
    }

    private async Task RunSessionAsync()
    {
        var failed = await host.Client.SftpWithPasswordAsync(user, "wrong-password-1", "pwd");
        Assert.NotEqual(0, failed.ExitCode);
        var session = await host.Client.SftpWithPasswordAsync(
            user,
            Password,
            $"put {local} up.bin",
            $"get up.bin {local}.back",
            "mkdir d",
            "rename up.bin d/moved.bin",
            "rm d/moved.bin",
            "rmdir d",
            $"put {local} \"{HostileName.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        Assert.True(session.ExitCode == 0, session.All);
        Assert.Equal(UploadBytes, new FileInfo(local + ".back").Length);
        // internal-sftp logs "session closed" as it exits; give the relay a moment to write it.
        await WaitUntilAsync(async () => (await ReadAllAsync()).Events.Any(e => e.Kind == ActivityEventKind.SessionClosed));
    }

    private async Task<ActivityBatch> ReadAllAsync()
    {
        var batch = await host.Engine.ReadActivityAsync(null, IActivitySource.MaxEventsPerBatch);
        Assert.True(batch.SourceFound);
        Assert.False(batch.More);
        return batch;
    }

    private async Task<ActivityEvent> WaitForSessionAsync()
    {
        ActivityEvent? opened = null;
        await WaitUntilAsync(async () => (opened = (await ReadAllAsync()).Events.FirstOrDefault(e => e.Kind == ActivityEventKind.SessionOpened && e.User == user)) is not null);
        return opened!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("the log never showed it");
    }

    /// <summary>An sftp reading its batch from a stdin that stays open: a session that lasts until something ends it.</summary>
    private Process StartInteractiveSftp()
    {
        var start = new ProcessStartInfo("sshpass") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-e", "sftp", "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password", "-oStrictHostKeyChecking=no",
            "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR", "-oNumberOfPasswordPrompts=1", "-P", host.Port.ToString(), "-b", "-", $"{user}@127.0.0.1",
        })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SSHPASS"] = Password;
        return Process.Start(start)!;
    }
}
