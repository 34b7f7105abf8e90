using SftpJail.Core.Activity;

namespace SftpJail.Core.Tests.Activity;

public sealed class ActivityLogLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reads_an_rsyslog_rfc3339_line_with_host_identifier_and_pid()
    {
        var line = SyslogLineParser.Parse("2026-12-01T17:59:01.123456+01:00 web1 sshd[812]: Accepted password for site1 from 1.2.3.4 port 5 ssh2", Now);

        Assert.Equal(new ActivityLogLine(new DateTimeOffset(2026, 12, 1, 16, 59, 1, TimeSpan.Zero).AddTicks(1234560), "sshd", 812, "Accepted password for site1 from 1.2.3.4 port 5 ssh2"), line);
    }

    [Fact]
    public void Reads_a_classic_bsd_line_and_puts_a_future_stamp_in_last_year()
    {
        var line = SyslogLineParser.Parse("Dec 31 23:00:00 web1 internal-sftp[9]: remove name \"/html/a\"", Now);

        Assert.Equal((2025, "internal-sftp", 9), (line!.AtUtc.Year, line.Identifier, line.Pid));
    }

    [Fact]
    public void A_bare_sshd_E_line_is_sshds_stamped_now_and_its_carriage_return_dropped()
    {
        var line = SyslogLineParser.Parse("Accepted password for site1 from 127.0.0.1 port 5 ssh2\r", Now, bareIdentifier: "sshd");

        Assert.Equal(new ActivityLogLine(Now, "sshd", 0, "Accepted password for site1 from 127.0.0.1 port 5 ssh2"), line);
        Assert.Null(SyslogLineParser.Parse("Accepted password for site1 from 127.0.0.1 port 5 ssh2", Now));
    }

    [Fact]
    public void A_relay_line_round_trips_and_control_characters_become_octal()
    {
        var text = SyslogLineParser.Format(Now, "internal-sftp", 77, "remove name \"/html/a\nb\"");
        var line = SyslogLineParser.Parse(text, Now.AddHours(1));

        Assert.DoesNotContain('\n', text);
        Assert.Equal(("internal-sftp", 77, Now), (line!.Identifier, line.Pid, line.AtUtc));
        Assert.Equal("/html/a\nb", line.ToEvent()!.Path);
    }

    [Fact]
    public void A_bare_line_cannot_claim_to_be_internal_sftp()
    {
        // In the dedicated sshd's -E file, a line without a prefix is sshd's: a file operation there is not believed.
        var line = SyslogLineParser.Parse("close \"/html/x\" bytes read 0 written 5", Now, bareIdentifier: "sshd");

        Assert.Null(line!.ToEvent());
    }
}
