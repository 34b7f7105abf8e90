using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Data.Audit;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Sites;

/// <summary>Only a refusal of the desired state is "refused"; an executor that broke down failed, whatever it had done.</summary>
public sealed class InternalErrorAuditTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task An_internal_error_with_nothing_applied_is_audited_as_failed()
    {
        // What the socket client returns when the executor threw (a PosixException from a missing directory).
        f.Executor.OnApply = _ => new ApplyResult(false, [], "open '/var/lib/sftpjail-demo' failed: No such file or directory (errno 2)");

        var result = await f.AddSiteAsync("site1.com", "alice");

        Assert.False(result.Succeeded);
        Assert.Equal(AuditResults.Failed, Assert.Single(f.AuditRows()).Result);
    }

    [Fact]
    public async Task An_internal_error_after_the_jail_group_was_created_reports_that_step()
    {
        PlanStep group = new(PlanStepKind.CreateGroup, "sftpjail", "create the jail group");
        f.Executor.OnApply = _ => new ApplyResult(false, [group], "The executor failed: open '/var/lib/sftpjail-demo' failed");

        var result = await f.AddSiteAsync("site1.com", "alice");

        Assert.Equal([group], result.Steps);
        var entry = Assert.Single(f.AuditRows());
        Assert.Equal(AuditResults.Failed, entry.Result);
        Assert.Contains("create the jail group", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refusal_is_still_audited_as_refused()
    {
        f.Executor.Refuse("The account 'alice' already exists on this host and is not managed by SftpJail.");

        await f.AddSiteAsync("site1.com", "alice");

        Assert.Equal(AuditResults.Refused, Assert.Single(f.AuditRows()).Result);
    }
}
