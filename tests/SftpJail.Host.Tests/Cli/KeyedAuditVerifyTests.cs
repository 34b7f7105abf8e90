using Microsoft.Data.Sqlite;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Cli;

/// <summary>The real CLI as root, in-process engine: its audit rows are countersigned and `audit verify` checks them.</summary>
[Collection(HostCollection.Name)]
public sealed class KeyedAuditVerifyTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Audit_verify_flags_the_newest_rows_deleted_from_the_database()
    {
        var cli = new CliRunner(host);
        var add = await cli.RunAsync("a long passphrase here", "site", "add", "keyed1.example", "--user", host.UserName("k1"), "--password-stdin");
        Assert.True(add.ExitCode == 0, add.All);
        Assert.True((await cli.RunAsync(null, "site", "disable", "keyed1.example")).ExitCode == 0);

        var intact = await cli.RunAsync(null, "audit", "verify");
        using (var connection = new SqliteConnection($"Data Source={host.BaseDir}/sftpjail.db;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM AuditEntries WHERE Id = (SELECT MAX(Id) FROM AuditEntries)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        var broken = await cli.RunAsync(null, "audit", "verify");

        Assert.True(intact.ExitCode == 0, intact.All);
        Assert.Contains("countersigned by the executor", intact.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("the newest entries were deleted", broken.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("journal of 2 entries", intact.StandardOutput, StringComparison.Ordinal);
    }
}
