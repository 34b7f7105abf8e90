using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SftpJail.Data;
using SftpJail.Web.Infrastructure;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Units;

public sealed class DiskLayoutStartupCheckTests
{
    [Fact]
    public async Task Logs_at_start_up_that_the_database_and_the_state_directory_share_the_jails_file_system()
    {
        var directory = Directory.CreateTempSubdirectory("sjtest-layout-").FullName;
        try
        {
            var executor = new FakeExecutor { JailRoot = directory, DiskWarnings = ["Host:StateDir (/x) is on the same file system as Host:JailRoot (/y): test"] };
            var logger = new ListLogger();
            var services = new ServiceCollection()
                .AddDbContext<SftpJailDbContext>(o => o.UseSqlite($"Data Source={Path.Combine(directory, "panel.db")}"))
                .BuildServiceProvider();

            var check = new DiskLayoutStartupCheck(executor, services.GetRequiredService<IServiceScopeFactory>(), logger);
            await check.StartAsync(CancellationToken.None);
            await check.ExecuteTask!;

            var warnings = logger.Lines.Where(l => l.Level == LogLevel.Warning).Select(l => l.Text).ToList();
            Assert.Equal(2, warnings.Count);
            Assert.StartsWith("Host:StateDir (/x)", warnings[0], StringComparison.Ordinal);
            Assert.StartsWith($"The panel's database ({directory}/panel.db) is on the same file system as the jail root", warnings[1], StringComparison.Ordinal);
            Assert.Contains(logger.Lines, l => l.Text.StartsWith("Disk limits: executor-enforced", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class ListLogger : ILogger<DiskLayoutStartupCheck>
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue((logLevel, formatter(state, exception)));
    }
}
