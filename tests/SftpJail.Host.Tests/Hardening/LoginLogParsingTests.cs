using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>The framing around sshd's messages: syslog files in both time formats, journalctl JSON, and neither source existing.</summary>
public sealed class LoginLogParsingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 6, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Syslog_lines_in_rfc3339_and_classic_form_are_dated_and_filtered_by_since()
    {
        string[] lines =
        [
            "2026-11-22T05:10:01.123456+00:00 web1 sshd[811]: Failed password for root from 203.0.113.9 port 40022 ssh2",
            "2026-11-22T05:10:03.000000+01:00 web1 sshd[811]: Failed password for root from 203.0.113.9 port 40022 ssh2",
            "Nov 22 05:20:00 web1 sshd[900]: Failed password for invalid user oracle from 198.51.100.7 port 5555 ssh2",
            "Nov 22 03:00:00 web1 sshd[901]: Failed password for invalid user old from 198.51.100.7 port 5556 ssh2",
            "Nov 22 05:21:00 web1 sudo[77]: Failed password for root from 1.2.3.4 port 1 ssh2",
            "Dec 31 23:59:59 web1 sshd[1]: Failed password for lastyear from 192.0.2.1 port 2 ssh2",
            "Nov 22 05:30:00 web1 sshd-session[950]: Accepted publickey for alice from 192.0.2.5 port 6000 ssh2: ED25519 SHA256:abcDEF012+/xyz",
        ];

        var entries = FailedLoginReader.ParseSyslog(lines, Now.AddHours(-2), Now).ToList();
        var report = FailedLoginReader.Summarise("/var/log/auth.log", entries);

        Assert.Equal(4, entries.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 4, 10, 3, TimeSpan.Zero), entries[1].At);
        var root = Assert.Single(report.Failures, f => f.User == "root");
        Assert.Equal((2, "203.0.113.9"), (root.Attempts, root.Address));
        Assert.True(Assert.Single(report.Failures, f => f.User == "oracle").UnknownUser);
        Assert.DoesNotContain(report.Failures, f => f.User is "old" or "lastyear" || f.Address == "1.2.3.4");
        Assert.Equal("SHA256:abcDEF012+/xyz", Assert.Single(report.AcceptedKeys).Fingerprint);
    }

    [Fact]
    public void Journal_json_gives_realtime_stamps_and_skips_binary_or_broken_entries()
    {
        var json = string.Join('\n',
            """{"__REALTIME_TIMESTAMP":"1795323600000000","MESSAGE":"Failed password for bob from 192.0.2.8 port 4000 ssh2","SYSLOG_IDENTIFIER":"sshd"}""",
            """{"__REALTIME_TIMESTAMP":"1795323601000000","MESSAGE":[70,97,105,108],"SYSLOG_IDENTIFIER":"sshd"}""",
            "not json",
            """{"__REALTIME_TIMESTAMP":"1795323602000000","MESSAGE":"Connection closed by authenticating user bob 192.0.2.8 port 4001 [preauth]"}""");

        var entries = FailedLoginReader.ParseJournal(json).ToList();
        var report = FailedLoginReader.Summarise("journal", entries);

        Assert.Equal(2, entries.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795323600), entries[0].At);
        var bob = Assert.Single(report.Failures);
        Assert.Equal(2, bob.Attempts);
    }

    [Fact]
    public void A_connection_with_failed_attempts_and_a_preauth_close_counts_its_attempts_once()
    {
        (DateTimeOffset, string)[] entries =
        [
            (Now, "Failed password for carol from 192.0.2.9 port 7000 ssh2"),
            (Now, "Failed password for carol from 192.0.2.9 port 7000 ssh2"),
            (Now, "Connection closed by authenticating user carol 192.0.2.9 port 7000 [preauth]"),
        ];

        Assert.Equal(2, Assert.Single(FailedLoginReader.Summarise("test", entries).Failures).Attempts);
    }

    [Fact]
    public async Task With_neither_a_journal_nor_a_log_file_the_report_is_empty_and_says_so()
    {
        var reader = new FailedLoginReader(new ProcessRunner(), ["/nonexistent/auth.log"], journalctl: "/nonexistent/journalctl");

        var report = await reader.ReadAsync(Now.AddDays(-1), CancellationToken.None);

        Assert.Equal(("none", 0, 0), (report.Source, report.Failures.Count, report.AcceptedKeys.Count));
    }

    [Fact]
    public async Task Without_a_journal_the_auth_log_file_is_read()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sjt-auth-{Guid.NewGuid():N}.log");
        var stamp = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'");
        await File.WriteAllTextAsync(file, $"{stamp} web1 sshd[5]: Failed password for dave from 192.0.2.10 port 1 ssh2\n");
        try
        {
            var reader = new FailedLoginReader(new ProcessRunner(), ["/nonexistent/auth.log", file], journalctl: "/nonexistent/journalctl");

            var report = await reader.ReadAsync(DateTimeOffset.UtcNow.AddHours(-1), CancellationToken.None);

            Assert.Equal(file, report.Source);
            Assert.Equal("dave", Assert.Single(report.Failures).User);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
