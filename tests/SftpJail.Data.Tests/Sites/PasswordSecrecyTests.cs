using SftpJail.Core.Contract;
using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

public sealed class PasswordSecrecyTests : IDisposable
{
    private const string FirstPassword = "Tr0ub4dor&3-first";
    private const string SecondPassword = "correct-horse-battery-second";

    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Passwords_reach_the_executor_but_never_any_audit_column_even_when_the_executor_echoes_them()
    {
        var added = await f.AddSiteAsync("site1.com", "alice", FirstPassword);
        var changed = await f.Service.SetPasswordAsync("alice", SecondPassword, Staff);
        f.Executor.Fail($"chpasswd: bad line 'alice:{SecondPassword}'");
        var failed = await f.Service.SetPasswordAsync("alice", SecondPassword, Staff);

        Assert.True(added.Succeeded && changed.Succeeded, added.Error ?? changed.Error);
        Assert.Equal([new PasswordChange("alice", FirstPassword)], f.Executor.Applies[0].Passwords);
        Assert.Equal([new PasswordChange("alice", SecondPassword)], f.Executor.Applies[1].Passwords);
        Assert.Equal("chpasswd: bad line 'alice:***'", failed.Error);

        var everyCell = f.Database.Strings("SELECT * FROM AuditEntries");
        Assert.Equal(3, everyCell.Count);
        Assert.All(everyCell, row => Assert.DoesNotContain(FirstPassword, row, StringComparison.Ordinal));
        Assert.All(everyCell, row => Assert.DoesNotContain(SecondPassword, row, StringComparison.Ordinal));
        Assert.Contains("\"hasPassword\":true", f.AuditRows()[0].After, StringComparison.Ordinal);
        Assert.Contains("\"passwordChanged\":true", f.AuditRows()[1].After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_table_in_the_database_holds_the_password()
    {
        await f.AddSiteAsync("site1.com", "alice", FirstPassword);

        var tables = f.Database.Strings("SELECT name FROM sqlite_master WHERE type = 'table'");
        foreach (var table in tables)
        {
            Assert.All(f.Database.Strings($"SELECT * FROM \"{table}\""), row => Assert.DoesNotContain(FirstPassword, row, StringComparison.Ordinal));
        }

        var detail = await f.Service.FindSiteAsync("site1.com");
        Assert.True(Assert.Single(detail!.Users).HasPassword);
    }
}
