using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Backup;

/// <summary>deploy/sftpjail-backup.{sh,service,timer}: the units verify, and a run keeps only the newest archives.</summary>
public sealed class NightlyBackupUnitTests : IDisposable
{
    private readonly string work = Directory.CreateTempSubdirectory("sjt-nightly-").FullName;

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task A_run_adds_one_archive_and_keeps_only_the_newest_ones_it_named()
    {
        var backups = Path.Combine(work, "backups");
        Directory.CreateDirectory(backups);
        string[] old = ["sftpjail-20261101T030000Z.tar.gz", "sftpjail-20261102T030000Z.tar.gz", "sftpjail-20261103T030000Z.tar.gz", "sftpjail-20261104T030000Z.tar.gz"];
        foreach (var name in old.Append("notes.txt").Append("sftpjail-manual.tar.gz"))
        {
            await File.WriteAllTextAsync(Path.Combine(backups, name), "x");
        }

        // Stands in for the CLI: records its arguments and writes the archive it was asked for.
        var cli = Path.Combine(work, "sftpjail");
        await File.WriteAllTextAsync(cli, "#!/bin/bash\n[ \"$1\" = backup ] || exit 9\necho made > \"$2\"\n");
        File.SetUnixFileMode(cli, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await HostCommand.RunAsync("bash", [Script("sftpjail-backup.sh")], new Dictionary<string, string>
        {
            ["SFTPJAIL_BACKUP_DIR"] = backups,
            ["SFTPJAIL_BACKUP_KEEP"] = "3",
            ["SFTPJAIL_CLI"] = cli,
        });

        Assert.True(run.ExitCode == 0, run.All);
        var left = Directory.GetFiles(backups).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        var made = Assert.Single(left, n => n!.StartsWith("sftpjail-2", StringComparison.Ordinal) && !old.Contains(n));
        Assert.Equal(["notes.txt", "sftpjail-20261103T030000Z.tar.gz", "sftpjail-20261104T030000Z.tar.gz", made, "sftpjail-manual.tar.gz"], left);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(backups));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("3; rm -rf /")]
    public async Task Refuses_a_retention_that_is_not_a_positive_count(string keep)
    {
        var run = await HostCommand.RunAsync("bash", [Script("sftpjail-backup.sh")], new Dictionary<string, string>
        {
            ["SFTPJAIL_BACKUP_DIR"] = Path.Combine(work, "never"),
            ["SFTPJAIL_BACKUP_KEEP"] = keep,
            ["SFTPJAIL_CLI"] = "/bin/false",
        });

        Assert.Equal(2, run.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(work, "never")));
    }

    [Fact]
    public async Task The_service_and_timer_pass_systemd_analyze_verify()
    {
        var service = (await File.ReadAllTextAsync(Script("sftpjail-backup.service"))).Replace("/opt/sftpjail/sftpjail-backup.sh", Script("sftpjail-backup.sh"), StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(work, "sftpjail-backup.service"), service);
        File.Copy(Script("sftpjail-backup.timer"), Path.Combine(work, "sftpjail-backup.timer"));

        var verify = await HostCommand.RunAsync("systemd-analyze", ["verify", Path.Combine(work, "sftpjail-backup.service"), Path.Combine(work, "sftpjail-backup.timer")]);

        Assert.True(verify.ExitCode == 0 && verify.All.Trim().Length == 0, verify.All);
    }

    private static string Script(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SftpJail.sln")))
            {
                return Path.Combine(dir.FullName, "deploy", name);
            }
        }

        throw new InvalidOperationException("the source tree (SftpJail.sln) is not above the test binaries");
    }
}
