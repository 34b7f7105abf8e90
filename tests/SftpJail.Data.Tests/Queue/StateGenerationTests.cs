using SftpJail.Core.Contract;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Queue;

public sealed class StateGenerationTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task Every_change_sends_a_higher_generation_and_a_failed_one_keeps_its_number()
    {
        await f.AddSiteAsync("a.example", "ann");
        await f.AddSiteAsync("b.example", "bob");
        f.Executor.Fail("sshd -t rejected the candidate config");
        await f.AddSiteAsync("c.example", "cid");
        f.Executor.OnApply = null;
        await f.AddSiteAsync("d.example", "dan");

        // Numbers are committed with the rows, before the executor answers.
        Assert.Equal([1L, 2L, 3L, 4L], f.Executor.Applies.Select(a => a.State.Generation!.Value));
    }

    [Fact]
    public async Task Refused_as_stale_by_a_newer_generation_it_never_handed_out_the_change_is_renumbered_after_it_and_sent_once_more()
    {
        await f.AddSiteAsync("a.example", "ann");
        f.Executor.OnApply = state => state.Generation < 41 ? ApplyResult.Stale(state.Generation!.Value, 40) : new ApplyResult(true, []);

        var added = await f.AddSiteAsync("b.example", "bob");
        f.Executor.OnApply = null;
        await f.AddSiteAsync("c.example", "cid");

        Assert.True(added.Succeeded, added.Error);
        Assert.Equal([1L, 2L, 41L, 42L], f.Executor.Applies.Select(a => a.State.Generation!.Value));
    }
}
