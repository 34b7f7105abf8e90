using SftpJail.Core.Activity;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

public sealed class ActivityLogReaderTests
{
    private const string Accepted = "Accepted password for site1 from 127.0.0.1 port 5 ssh2\r\n";

    private const string Journal =
        """
        {"__CURSOR":"s=1;i=a1","__REALTIME_TIMESTAMP":"1764608400000000","_PID":"700","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Accepted password for site1 from 203.0.113.5 port 50122 ssh2"}
        {"__CURSOR":"s=1;i=a2","__REALTIME_TIMESTAMP":"1764608401000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"session opened for local user site1 from [203.0.113.5]"}
        {"__CURSOR":"s=1;i=a3","__REALTIME_TIMESTAMP":"1764608402000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"open \"/html/a.txt\" flags WRITE,CREATE,TRUNCATE mode 0644"}
        {"__CURSOR":"s=1;i=a5","__REALTIME_TIMESTAMP":"1764608404000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"close \"/html/a.txt\" bytes read 0 written 42"}
        {"__CURSOR":"s=1;i=a7","__REALTIME_TIMESTAMP":"1764608406000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"session closed for local user site1 from [203.0.113.5]"}
        """;

    [Fact]
    public async Task Follows_a_file_from_its_cursor_and_waits_for_a_partial_line()
    {
        using var dir = new TestDirectory();
        var log = dir.CreateFile("sshd.log", Accepted + "Failed password for site1 from 127.0.0.1 port 6");
        var reader = new ActivityLogReader(new ProcessRunner(), [new ActivityLogFile(log.Value, "sshd")], useJournal: false);

        var first = await reader.ReadAsync(null, 100, CancellationToken.None);
        var again = await reader.ReadAsync(first.Cursor, 100, CancellationToken.None);
        await File.AppendAllTextAsync(log.Value, " ssh2\r\n");
        var rest = await reader.ReadAsync(again.Cursor, 100, CancellationToken.None);

        Assert.Equal([ActivityEventKind.LoginAccepted], first.Events.Select(e => e.Kind));
        Assert.Empty(again.Events);
        Assert.Equal([ActivityEventKind.LoginFailed], rest.Events.Select(e => e.Kind));
    }

    [Fact]
    public async Task A_rotated_file_is_read_again_from_its_start()
    {
        using var dir = new TestDirectory();
        var log = dir.CreateFile("sshd.log", Accepted);
        var reader = new ActivityLogReader(new ProcessRunner(), [new ActivityLogFile(log.Value, "sshd")], useJournal: false);
        var first = await reader.ReadAsync(null, 100, CancellationToken.None);

        File.Move(log.Value, log.Value + ".1");
        await File.WriteAllTextAsync(log.Value, Accepted);
        var afterRotation = await reader.ReadAsync(first.Cursor, 100, CancellationToken.None);

        Assert.Single(afterRotation.Events);
    }

    [Fact]
    public async Task A_batch_stops_at_its_limit_and_says_there_is_more()
    {
        using var dir = new TestDirectory();
        var log = dir.CreateFile("sshd.log", string.Concat(Enumerable.Repeat(Accepted, 5)));
        var reader = new ActivityLogReader(new ProcessRunner(), [new ActivityLogFile(log.Value, "sshd")], useJournal: false);

        var first = await reader.ReadAsync(null, 3, CancellationToken.None);
        var second = await reader.ReadAsync(first.Cursor, 3, CancellationToken.None);

        Assert.Equal((3, true), (first.Events.Count, first.More));
        Assert.Equal((2, false), (second.Events.Count, second.More));
    }

    [Fact]
    public async Task Reads_the_journal_after_its_cursor_and_skips_the_syslog_files_then()
    {
        using var dir = new TestDirectory();
        var fixture = dir.CreateFile("journal.json", Journal);
        var args = dir["args"];
        var journalctl = dir.CreateFile("journalctl", $"#!/bin/sh\necho \"$@\" > {args.Value}\ncat {fixture.Value}\n", mode: 0x1ed);
        var authLog = dir.CreateFile("auth.log", "2026-12-01T17:00:00Z host sshd[1]: Accepted password for other from 1.1.1.1 port 1 ssh2\n");
        var reader = new ActivityLogReader(new ProcessRunner(), [], useJournal: true, [new ActivityLogFile(authLog.Value)], journalctl: journalctl.Value);

        var batch = await reader.ReadAsync("j s=1;i=a0", 100, CancellationToken.None);

        Assert.Contains("--after-cursor s=1;i=a0", await File.ReadAllTextAsync(args.Value));
        Assert.Equal(["journal"], batch.Sources);
        Assert.Equal(5, batch.Events.Count);
        Assert.DoesNotContain(batch.Events, e => e.User == "other");
        Assert.Equal("j s=1;i=a7", batch.Cursor);
    }

    [Fact]
    public async Task Without_a_journal_the_syslog_files_are_read_and_with_nothing_no_source_is_found()
    {
        using var dir = new TestDirectory();
        var authLog = dir.CreateFile("auth.log", "2026-12-01T17:00:00Z host sshd[1]: Accepted password for site1 from 1.1.1.1 port 1 ssh2\n");
        var withFile = new ActivityLogReader(new ProcessRunner(), [], useJournal: true, [new ActivityLogFile(authLog.Value)], journalctl: "/nonexistent/journalctl");
        var withNothing = new ActivityLogReader(new ProcessRunner(), [new ActivityLogFile(dir["missing.log"].Value)], useJournal: true, journalctl: "/nonexistent/journalctl");

        var found = await withFile.ReadAsync(null, 100, CancellationToken.None);
        var none = await withNothing.ReadAsync(null, 100, CancellationToken.None);

        Assert.Equal([authLog.Value], found.Sources);
        Assert.Single(found.Events);
        Assert.False(none.SourceFound);
    }

    [Fact]
    public void A_cursor_names_only_files_and_survives_the_round_trip()
    {
        var cursor = new ActivityCursor("s=1;i=a7", new Dictionary<string, FilePosition> { ["/var/lib/x/sshd.log"] = new(12, 3456) });

        Assert.Equal(cursor.ToString(), ActivityCursor.Parse(cursor.ToString()).ToString());
        Assert.Empty(ActivityCursor.Parse("f notanumber 1 /x\ngarbage").Files);
    }
}
