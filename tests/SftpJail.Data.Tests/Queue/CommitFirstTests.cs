using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Services;
using SftpJail.Data.Storage;
using Xunit.Abstractions;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Queue;

/// <summary>
/// Changes commit first and are sent to the executor together; a failed combined apply ends with only its culprit
/// refused, an undo never overwrites a later write, and a change whose process died is settled by the next one.
/// Over a real database file, each service with its own connection, as concurrent callers have.
/// </summary>
public sealed class CommitFirstTests(ITestOutputHelper output) : IDisposable
{
    private readonly FileSites f = new();

    public void Dispose() => f.Dispose();

    [Fact(Timeout = 60_000)]
    public async Task Concurrent_changes_reach_the_executor_together_and_are_applied_in_fewer_runs()
    {
        f.Executor.HoldFirst = 6;

        var results = await Task.WhenAll(Enumerable.Range(1, 6).Select(i => f.AddSiteAsync($"s{i}.example", $"user{i}")));

        output.WriteLine($"{f.Executor.Requests} requests, {f.Executor.Runs} runs");
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(1, f.Executor.Runs);
        Assert.Equal(6, f.Executor.Requests);
        await using var db = f.NewContext();
        Assert.All(await db.Sites.ToListAsync(), s => Assert.Equal(SiteStatus.Applied, s.Status));
        Assert.Empty(await db.PendingChanges.ToListAsync());
        Assert.Equal(6, (await f.AuditRowsAsync()).Count(e => e.Result == AuditResults.Applied));
    }

    [Fact(Timeout = 60_000)]
    public async Task When_a_combined_apply_fails_only_the_bad_change_is_refused_and_only_its_rows_are_gone()
    {
        f.Executor.HoldFirst = 4;
        f.Executor.RefuseWhen = state => state.Sites.Any(s => s.Domain == "bad.example") ? "nginx -t: bad.example: duplicate listen options" : null;
        var domains = new[] { "good1.example", "bad.example", "good2.example", "good3.example" };
        var adds = new List<Task<OperationResult>>();
        foreach (var domain in domains)
        {
            // One after another into the executor's waiting batch, so every state after the bad one holds it.
            adds.Add(f.AddSiteAsync(domain, domain.Split('.')[0]));
            await WaitUntilAsync(() => f.Executor.Waiting == adds.Count || f.Executor.Requests >= domains.Length);
        }

        var results = await Task.WhenAll(adds);

        output.WriteLine($"{f.Executor.Requests} requests, {f.Executor.Runs} runs");
        Assert.True(results[0].Succeeded, results[0].Error);
        Assert.False(results[1].Succeeded);
        Assert.Contains("duplicate listen options", results[1].Error, StringComparison.Ordinal);
        Assert.True(results[2].Succeeded, results[2].Error);
        Assert.True(results[3].Succeeded, results[3].Error);
        await using var db = f.NewContext();
        Assert.Equal(["good1.example", "good2.example", "good3.example"], (await db.Sites.Select(s => s.Domain).ToListAsync()).Order());
        Assert.False(await db.SftpAccounts.AnyAsync(a => a.UserName == "bad"));
        Assert.All(await db.Sites.ToListAsync(), s => Assert.Equal(SiteStatus.Applied, s.Status));
        Assert.Empty(await db.PendingChanges.ToListAsync());
        var audit = await f.AuditRowsAsync();
        Assert.Equal(AuditResults.Refused, Assert.Single(audit, e => e.Target == "bad.example").Result);
        Assert.All(audit.Where(e => e.Target != "bad.example"), e => Assert.Equal(AuditResults.Applied, e.Result));
        Assert.Equal(4, audit.Count);
        Assert.True(await f.AuditIntactAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task Undoing_a_failed_change_never_overwrites_a_later_write_and_a_change_to_the_same_site_waits_for_it()
    {
        await using (var setup = f.NewContext())
        {
            setup.Users.Add(new Identity.PanelUser { Id = "cust-1", UserName = "c@example.com" });
            await setup.SaveChangesAsync();
        }

        Assert.True((await f.AddSiteAsync("x.example", "xuser")).Succeeded);
        var hostAnswers = new TaskCompletionSource();
        f.Executor.Before = state => state.Sites.Any(s => s.Domain == "x.example" && !s.Enabled) ? hostAnswers.Task : Task.CompletedTask;
        f.Executor.RefuseWhen = state => state.Sites.Any(s => s.Domain == "x.example" && !s.Enabled) ? "sshd -t: refused" : null;

        var disabling = f.NewService().SetSiteEnabledAsync("x.example", false, Staff);
        await WaitUntilAsync(() => f.Executor.Received.Any(s => s.Sites.Any(x => !x.Enabled)));
        var attached = await f.NewService().SetCustomerAsync("x.example", "cust-1", Staff);
        var limiting = f.NewService().SetDiskLimitAsync("x.example", "500M", Staff);
        await Task.Delay(300);
        Assert.False(limiting.IsCompleted, "a change to a site with a change in flight must wait for it");
        hostAnswers.SetResult();

        var disabled = await disabling;
        var limited = await limiting;

        Assert.True(attached.Succeeded, attached.Error);
        Assert.False(disabled.Succeeded);
        Assert.True(limited.Succeeded, limited.Error);
        await using var db = f.NewContext();
        var site = await db.Sites.SingleAsync();
        Assert.True(site.Enabled, "the refused disable is undone");
        Assert.Equal("cust-1", site.CustomerAccountId);
        Assert.Equal(500, site.DiskLimitMiB);
        Assert.True(await f.AuditIntactAsync());
    }

    [Fact(Timeout = 60_000)]
    public async Task A_change_whose_process_died_before_the_answer_is_undone_by_the_next_change_and_a_live_one_is_left_alone()
    {
        var ownerLock = Path.Combine(f.Directory, "sftpjail.db.queue.owner-crashed");
        using var owner = Process.Start(new ProcessStartInfo("flock", [ownerLock, "sleep", "120"]))!;
        try
        {
            await WaitUntilAsync(() => ChangeOwner.IsAlive(ownerLock));
            await CommitAsIfInFlightAsync(ownerLock, "ghost.example", "ghost");

            Assert.True((await f.AddSiteAsync("alive.example", "alive")).Succeeded);
            await using (var db = f.NewContext())
            {
                Assert.True(await db.Sites.AnyAsync(s => s.Domain == "ghost.example"), "a change whose owner lives is not settled by another");
                Assert.Single(await db.PendingChanges.ToListAsync());
            }

            owner.Kill(entireProcessTree: true);
            await owner.WaitForExitAsync();
            // flock's child (sleep) holds the lock too and may outlive flock by a moment: the owner is dead once it is free.
            await WaitUntilAsync(() => !ChangeOwner.IsAlive(ownerLock));
            Assert.True((await f.AddSiteAsync("next.example", "next")).Succeeded);
        }
        finally
        {
            if (!owner.HasExited)
            {
                owner.Kill(entireProcessTree: true);
            }
        }

        await using var after = f.NewContext();
        Assert.Equal(["alive.example", "next.example"], (await after.Sites.Select(s => s.Domain).ToListAsync()).Order());
        Assert.False(await after.SftpAccounts.AnyAsync(a => a.UserName == "ghost"));
        Assert.Empty(await after.PendingChanges.ToListAsync());
        var settled = Assert.Single(await f.AuditRowsAsync(), e => e.Target == "ghost.example");
        Assert.Equal(AuditResults.Failed, settled.Result);
        Assert.Equal(SiteService.OrphanError, settled.Error);
        Assert.True(await f.AuditIntactAsync());
        Assert.False(File.Exists(ownerLock));
    }

    /// <summary>What a process leaves behind when it dies after committing an added site and before the executor answered.</summary>
    private async Task CommitAsIfInFlightAsync(string ownerLock, string domain, string user)
    {
        await using var db = f.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var undo = new UndoLog();
        using (undo.Record(db))
        {
            var site = new Site { Domain = domain, CreatedAt = f.Clock.GetUtcNow() };
            site.Users.Add(new SftpAccount { UserName = user, CreatedAt = f.Clock.GetUtcNow() });
            db.Sites.Add(site);
            await db.SaveChangesAsync();
        }

        db.PendingChanges.Add(new PendingChange
        {
            Owner = ownerLock,
            CreatedAt = f.Clock.GetUtcNow(),
            Generation = await StateGeneration.NextAsync(db, f.Clock),
            Sites = domain,
            Users = user,
            Actor = "cli:crashed",
            Action = "site.add",
            Target = domain,
            Undo = undo.ToJson(),
        });
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition(), "timed out waiting");
    }
}
