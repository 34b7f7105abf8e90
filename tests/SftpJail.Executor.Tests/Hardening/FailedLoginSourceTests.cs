using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Hardening;

/// <summary>The reader says whether it found anything to read, so "no failures" is never claimed from no log at all.</summary>
public sealed class FailedLoginSourceTests
{
    private static readonly DateTimeOffset Since = DateTimeOffset.UtcNow.AddDays(-1);

    [Fact]
    public async Task With_neither_a_journal_nor_a_log_file_no_source_is_found()
    {
        var reader = new FailedLoginReader(new ProcessRunner(), ["/nonexistent/auth.log", "/nonexistent/secure"], journalctl: "/nonexistent/journalctl");

        var report = await reader.ReadAsync(Since, CancellationToken.None);

        Assert.False(report.SourceFound);
        Assert.Equal(("none", 0, 0), (report.Source, report.Failures.Count, report.AcceptedKeys.Count));
    }

    [Fact]
    public async Task A_journalctl_that_finds_no_journal_and_no_log_file_is_no_source_either()
    {
        using var dir = new TestDirectory();
        var journalctl = dir.CreateFile("journalctl", "#!/bin/sh\necho 'No journal files were found.' >&2\nexit 0\n", mode: 0x1ed);
        var reader = new FailedLoginReader(new ProcessRunner(), [dir["auth.log"].Value], journalctl: journalctl.Value);

        var report = await reader.ReadAsync(Since, CancellationToken.None);

        Assert.False(report.SourceFound);
    }

    [Fact]
    public async Task An_empty_log_file_is_a_source_with_no_failures()
    {
        using var dir = new TestDirectory();
        var log = dir.CreateFile("auth.log", "");
        var reader = new FailedLoginReader(new ProcessRunner(), ["/nonexistent/auth.log", log.Value], journalctl: "/nonexistent/journalctl");

        var report = await reader.ReadAsync(Since, CancellationToken.None);

        Assert.True(report.SourceFound);
        Assert.Equal((log.Value, 0), (report.Source, report.Failures.Count));
    }

    [Fact]
    public void A_summary_of_entries_read_from_somewhere_has_a_source()
    {
        Assert.True(FailedLoginReader.Summarise("journal", []).SourceFound);
        Assert.False(LoginReport.Nothing.SourceFound);
    }
}
