using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;
using SftpJail.Data.Services.Import;
using SftpJail.Data.Tests.Infrastructure;
using System.Data.Common;

namespace SftpJail.Data.Tests.Import;

/// <summary>
/// The import preview's work grows with the rows, not with their square: 10,000 rows once ran past 15 minutes before
/// the apply, comparing every site with every step of the plan and asking the database three questions per site.
/// Checked by counting (site passes, database commands), never by time.
/// </summary>
public sealed class PreviewScaleTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void Splitting_a_plan_by_site_reads_each_site_once_whatever_the_number_of_steps()
    {
        var users = Enumerable.Range(0, 300).Select(i => new CountingList<JailUserDto>([new JailUserDto($"user{i}", false, false, false, [])])).ToList();
        var sites = new CountingList<SiteDto>([.. users.Select((u, i) => new SiteDto($"site{i}.example", true, u))]);
        var steps = Enumerable.Range(0, 300).SelectMany(i => new[]
        {
            new PlanStep(PlanStepKind.CreateDirectory, $"/var/www/sub-domains/example.site{i}/html", "create"),
            new PlanStep(PlanStepKind.CreateUser, $"user{i}", "create"),
            new PlanStep(PlanStepKind.WriteFile, $"/etc/nginx/sites-available/site{i}.example.conf", "write"),
        }).Append(new PlanStep(PlanStepKind.WriteFile, "/etc/ssh/sshd_config.d/50-sftpjail.conf", "write"))
            .Append(new PlanStep(PlanStepKind.UpdateUser, "user1 user2", "groups"))
            .ToList();

        var (perSite, shared) = DriftAttribution.SplitBySite(new DesiredStateDto(sites), steps);

        Assert.Equal(1, sites.Enumerations + sites.IndexReads / sites.Count);
        Assert.All(users, u => Assert.Equal(1, u.Enumerations + u.IndexReads));
        Assert.Equal(300, perSite.Count);
        Assert.All(perSite.Values, count => Assert.Equal(3, count));
        Assert.Equal(["/etc/ssh/sshd_config.d/50-sftpjail.conf", "user1 user2"], shared.Select(s => s.Target));
    }

    [Fact]
    public async Task A_preview_of_200_rows_asks_the_database_as_many_times_as_one_of_20()
    {
        var small = await PreviewCommandsAsync(20, "few");
        var large = await PreviewCommandsAsync(200, "many");

        Assert.Equal(small, large);
    }

    [Fact]
    public async Task An_import_of_200_rows_asks_the_database_as_many_times_as_one_of_20()
    {
        await ImportCommandsAsync(5, "first"); // the first change of a database also creates its state-generation row
        var small = await ImportCommandsAsync(20, "few");
        var large = await ImportCommandsAsync(200, "many");

        Assert.Equal(small, large);
    }

    [Fact]
    public async Task A_batch_refuses_a_domain_and_a_user_the_database_already_has_naming_the_row()
    {
        await f.AddSiteAsync("taken.example", "takenuser", "a-long-password-1");

        var domain = await f.Service.AddSitesAsync([Site("www.taken.example", "fresh1", "line 2")], SiteServiceFixture.Staff, null);
        var user = await f.Service.AddSitesAsync([Site("fresh.example", "fresh2", "line 2"), Site("other.example", "takenuser", "line 3")], SiteServiceFixture.Staff, null);
        var customer = await f.Service.AddSitesAsync([Site("fresh.example", "fresh3", "line 2") with { CustomerAccountId = "no-such-account" }], SiteServiceFixture.Staff, null);

        Assert.StartsWith("line 2: domain: ", domain.Error, StringComparison.Ordinal);
        Assert.Contains("taken.example", domain.Error, StringComparison.Ordinal);
        Assert.Equal("line 3: username: The user takenuser already exists (site taken.example).", user.Error);
        Assert.Equal("line 2: customer: That panel account does not exist.", customer.Error);
        Assert.Equal((1, 1, 0), f.Counts());
    }

    private static BatchSite Site(string domain, string user, string label) =>
        new(domain, null, [new BatchUser(label, user, "a-long-password-x", [], false, false)]);

    private async Task<int> PreviewCommandsAsync(int rows, string prefix)
    {
        var counter = new CommandCounter();
        using var db = Counted(counter);
        var importer = new SiteImporter(new SiteService(db, f.Executor, new AuditLog(db, f.Clock), f.Clock), db, f.Executor);
        var csv = ImportFiles.Csv(ImportFiles.ValidRows(rows, prefix));

        var preview = await importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.True(preview.CanApply, preview.Error ?? string.Join("; ", preview.Errors));
        Assert.Equal(rows, preview.Sites.Count);
        return counter.Commands;
    }

    private async Task<int> ImportCommandsAsync(int rows, string prefix)
    {
        var counter = new CommandCounter();
        using var db = Counted(counter);
        var importer = new SiteImporter(new SiteService(db, f.Executor, new AuditLog(db, f.Clock), f.Clock), db, f.Executor);
        var csv = ImportFiles.Csv(ImportFiles.ValidRows(rows, prefix));

        var result = await importer.ImportAsync(ImportFiles.Bytes(csv), ImportFormat.Csv, SiteServiceFixture.Staff);

        Assert.True(result.Succeeded, result.Error ?? string.Join("; ", result.Errors));
        return counter.Commands;
    }

    private SftpJailDbContext Counted(CommandCounter counter) =>
        new(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(f.Database.Connection).AddInterceptors(counter).Options);

    /// <summary>
    /// Counts the commands a context sends other than row inserts: EF's SQLite provider inserts each new row with a
    /// command of its own (it does not batch), which is per row by nature; a query per row is what must not come back.
    /// </summary>
    private sealed class CommandCounter : DbCommandInterceptor
    {
        private int commands;

        public int Commands => commands;

        private void Count(DbCommand command)
        {
            if (!command.CommandText.TrimStart().StartsWith("INSERT INTO ", StringComparison.Ordinal))
            {
                commands++;
            }
        }

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            Count(command);
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Count(command);
            return ValueTask.FromResult(result);
        }
    }
}
