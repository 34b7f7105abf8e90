using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SftpJail.Data.Migrations;

/// <summary>
/// How dotnet-ef builds the context, which makes this project its own startup project. From the repository root:
/// <code>
/// dotnet tool restore
/// dotnet ef migrations add AddSomething --project migrations
/// dotnet format whitespace SftpJail.sln   # dotnet-ef writes a byte order mark; .editorconfig says utf-8
/// dotnet ef migrations has-pending-model-changes --project migrations   # tests/run-all.sh fails on drift
/// </code>
/// Model commands never open the connection. A database command takes its connection string after <c>--</c>:
/// <c>dotnet ef database update --project migrations -- "Data Source=/var/lib/sftpjail/sftpjail.db"</c>.
/// </summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SftpJailDbContext>
{
    public SftpJailDbContext CreateDbContext(string[] args)
    {
        var connectionString = args.Length > 0 ? args[0] : "Data Source=:memory:";
        return new SftpJailDbContext(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(connectionString).Options);
    }
}
