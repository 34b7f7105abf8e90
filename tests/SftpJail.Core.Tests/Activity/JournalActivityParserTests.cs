using SftpJail.Core.Activity;

namespace SftpJail.Core.Tests.Activity;

/// <summary>A journald fixture in the shape <c>journalctl -o json</c> prints (one object per line).</summary>
public sealed class JournalActivityParserTests
{
    public const string Fixture =
        """
        {"__CURSOR":"s=1;i=a1","__REALTIME_TIMESTAMP":"1764608400000000","_PID":"700","SYSLOG_IDENTIFIER":"sshd","MESSAGE":"Accepted password for site1 from 203.0.113.5 port 50122 ssh2"}
        {"__CURSOR":"s=1;i=a2","__REALTIME_TIMESTAMP":"1764608401000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"session opened for local user site1 from [203.0.113.5]"}
        {"__CURSOR":"s=1;i=a3","__REALTIME_TIMESTAMP":"1764608402000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"open \"/html/a.txt\" flags WRITE,CREATE,TRUNCATE mode 0644"}
        {"__CURSOR":"s=1;i=a4","__REALTIME_TIMESTAMP":"1764608403000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":[99,108,111,115,101,255]}
        {"__CURSOR":"s=1;i=a5","__REALTIME_TIMESTAMP":"1764608404000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"close \"/html/a.txt\" bytes read 0 written 42"}
        {"__CURSOR":"s=1;i=a6","__REALTIME_TIMESTAMP":"1764608405000000","_PID":"999","SYSLOG_IDENTIFIER":"evil","MESSAGE":"close \"/html/a.txt\" bytes read 0 written 999"}
        not json at all
        {"__CURSOR":"s=1;i=a7","__REALTIME_TIMESTAMP":"1764608406000000","_PID":"733","SYSLOG_IDENTIFIER":"internal-sftp","MESSAGE":"session closed for local user site1 from [203.0.113.5]"}
        """;

    [Fact]
    public void Reads_messages_with_the_journals_identifier_pid_and_time_and_every_cursor()
    {
        var entries = JournalActivityParser.Parse(Fixture).ToList();

        Assert.Equal(["s=1;i=a1", "s=1;i=a2", "s=1;i=a3", "s=1;i=a4", "s=1;i=a5", "s=1;i=a6", "s=1;i=a7"], entries.Select(e => e.Cursor));
        Assert.Null(entries[3].Line);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764608400), entries[0].Line!.AtUtc);
        Assert.Equal(("internal-sftp", 733), (entries[2].Line!.Identifier, entries[2].Line!.Pid));
    }

    [Fact]
    public void Only_sshd_and_internal_sftp_entries_become_events()
    {
        var events = JournalActivityParser.Parse(Fixture).Select(e => e.Line?.ToEvent()).OfType<ActivityEvent>().ToList();

        Assert.Equal(
            [ActivityEventKind.LoginAccepted, ActivityEventKind.SessionOpened, ActivityEventKind.FileOpened, ActivityEventKind.FileClosed, ActivityEventKind.SessionClosed],
            events.Select(e => e.Kind));
        Assert.Equal(42, events.Single(e => e.Kind == ActivityEventKind.FileClosed).BytesWritten);
    }
}
