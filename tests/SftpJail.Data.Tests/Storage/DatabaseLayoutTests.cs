using SftpJail.Data.Storage;

namespace SftpJail.Data.Tests.Storage;

public sealed class DatabaseLayoutTests
{
    [Fact]
    public void Warns_when_the_database_file_is_on_the_jail_roots_file_system()
    {
        var database = Path.Combine(Path.GetTempPath(), $"sjtest-{Guid.NewGuid():N}", "sftpjail.db");

        var warning = DatabaseLayout.Warning($"Data Source={database}", Path.GetTempPath());

        Assert.NotNull(warning);
        Assert.StartsWith($"The panel's database ({database}) is on the same file system as the jail root", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Says_nothing_for_a_database_elsewhere_or_in_memory()
    {
        Assert.Null(DatabaseLayout.Warning($"Data Source={Path.Combine(Path.GetTempPath(), "x.db")}", "/proc/self"));
        Assert.Null(DatabaseLayout.Warning("Data Source=test;Mode=Memory;Cache=Shared", Path.GetTempPath()));
        Assert.Null(DatabaseLayout.Warning("Data Source=:memory:", Path.GetTempPath()));
    }
}
