using SftpJail.Core.Contract;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Executor.Tests.Audit;

/// <summary>Issue 9 item 7: the audit chain rewritten by someone who can write the database but not read the executor's key.</summary>
public sealed class KeyedAuditChainTests : IDisposable
{
    private readonly KeyedAuditFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task A_countersigned_chain_verifies_against_the_executors_anchor()
    {
        await f.AppendAsync(5);

        var verification = await f.VerifyAsync();

        Assert.True(verification.Intact, string.Join("; ", verification.Problems));
        Assert.True(verification.Keyed);
        Assert.Equal(5, verification.Countersigned);
        await using var db = f.NewContext();
        Assert.All(db.AuditEntries.ToList(), e => Assert.Matches("^[0-9a-f]{64}$", e.Mac!));
    }

    [Fact]
    public async Task Deleting_the_newest_rows_is_flagged()
    {
        await f.AppendAsync(5);

        f.Execute("DELETE FROM AuditEntries WHERE Id >= 4");
        var verification = await f.VerifyAsync();

        Assert.False(verification.Intact);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal(5, problem.EntryId);
        Assert.Contains("newest entries were deleted", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Editing_a_middle_row_and_recomputing_the_public_chain_is_flagged()
    {
        await f.AppendAsync(5);

        f.Execute("UPDATE AuditEntries SET Actor = 'panel:mallory' WHERE Id = 3");
        f.RecomputePublicChain();
        var verification = await f.VerifyAsync();

        Assert.False(verification.Intact);
        Assert.Equal([3L, 4L, 5L], verification.Problems.Select(p => p.EntryId));
        Assert.All(verification.Problems, p => Assert.Contains("countersignature is not the executor's", p.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deleted_middle_row_leaves_an_id_gap_that_is_flagged_even_with_the_chain_relinked()
    {
        await f.AppendAsync(5);

        f.Execute("DELETE FROM AuditEntries WHERE Id = 3");
        f.RecomputePublicChain();
        var verification = await f.VerifyAsync();

        Assert.False(verification.Intact);
        var gap = verification.Problems.First();
        Assert.Equal(4, gap.EntryId);
        Assert.Contains("entry 3 before it is missing", gap.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_id_gap_is_flagged_without_an_executor_too()
    {
        await f.AppendAsync(4);
        f.Execute("UPDATE AuditEntries SET Id = Id + 10 WHERE Id = 4");
        f.RecomputePublicChain();

        await using var db = f.NewContext();
        var verification = await new AuditLog(db, TimeProvider.System).VerifyAsync();

        Assert.False(verification.Keyed);
        var problem = Assert.Single(verification.Problems);
        Assert.Equal(14, problem.EntryId);
        Assert.Contains("entries 4-13 before it are missing", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replacing_the_newest_rows_with_unsigned_ones_is_flagged()
    {
        await f.AppendAsync(3);
        f.Execute("DELETE FROM AuditEntries WHERE Id = 3");
        await using (var db = f.NewContext())
        {
            // Written without the executor, as a forger with only the database would.
            await new AuditLog(db, TimeProvider.System).AppendAsync(new Actor("panel:mallory"), "site.add", "forged.com", null, null, AuditResults.Applied);
        }

        var verification = await f.VerifyAsync();

        Assert.Contains(verification.Problems, p => p.EntryId == 3 && p.Reason.Contains("not countersigned", StringComparison.Ordinal));
        Assert.Contains(verification.Problems, p => p.Reason.Contains("newest entries were deleted", StringComparison.Ordinal) || p.Reason.Contains("does not match this table", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_row_written_while_the_executor_was_away_is_vouched_for_by_the_next_countersigned_row()
    {
        await f.AppendAsync(2);
        await using (var db = f.NewContext())
        {
            await new AuditLog(db, TimeProvider.System).AppendAsync(new Actor("panel:alice"), "site.add", "offline.com", null, null, AuditResults.Failed, "executor unavailable");
        }

        Assert.Equal([3L], (await f.VerifyAsync()).Problems.Select(p => p.EntryId));

        await f.AppendAsync(1);

        Assert.True((await f.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task The_notary_never_signs_an_id_twice_so_a_rolled_back_row_leaves_a_visible_gap()
    {
        await f.AppendAsync(2);
        var again = await f.Notary.CountersignAsync([new AuditRowHash(2, new string('a', 64))]);
        Assert.NotNull(again.Error);
        Assert.Empty(again.Seals);

        // A row the executor signed whose database transaction then rolled back.
        await f.Notary.CountersignAsync([new AuditRowHash(3, new string('b', 64))]);
        await f.AppendAsync(1);

        await using var db = f.NewContext();
        Assert.Equal([1L, 2L, 4L], db.AuditEntries.Select(e => e.Id).OrderBy(id => id).ToList());
        var verification = await f.VerifyAsync();
        var problem = Assert.Single(verification.Problems);
        Assert.Equal(4, problem.EntryId);
        Assert.Contains("entry 3 before it is missing", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_key_is_a_root_only_file_outside_the_database()
    {
        await f.AppendAsync(1);

        var key = new FileInfo(f.Paths.Key.Value);
        Assert.Equal(32, key.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, key.UnixFileMode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(f.Paths.Anchor.Value).UnixFileMode);
    }

    [Fact]
    public async Task A_key_readable_by_others_is_refused_rather_than_trusted()
    {
        await f.AppendAsync(1);
        File.SetUnixFileMode(f.Paths.Key.Value, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        await Assert.ThrowsAsync<InvalidOperationException>(() => f.Notary.CountersignAsync([new AuditRowHash(9, new string('c', 64))]));
    }
}
