using SftpJail.Data.Services.Import;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Import;

/// <summary>
/// A batch's rows are staged and saved once, whatever its size (a save per site ran change detection over every row
/// tracked so far: quadratic, most of a 1,000-row import's time before the host was touched), and a domain or user
/// twice in one batch is refused by the batch itself, since the per-site database checks see only saved rows.
/// </summary>
public sealed class BatchStagingTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public void Dispose() => f.Dispose();

    private static BatchSite Site(int i, string? user = null) =>
        new($"batch{i}.example", null, [new BatchUser($"line {i + 2}", user ?? $"batch{i}", $"a-long-password-{i}", [], false, false)]);

    [Fact]
    public async Task Staging_a_batch_saves_the_sites_rows_once_whatever_the_number_of_sites()
    {
        var saves = 0;
        f.Db.SavedChanges += (_, _) => saves++;

        var preview = await f.Service.PreviewAddSitesAsync([.. Enumerable.Range(0, 30).Select(i => Site(i))]);

        Assert.Null(preview.Error);
        Assert.Equal(1, saves);
    }

    [Fact]
    public async Task An_applied_batch_has_every_site_user_and_key_row()
    {
        var result = await f.Service.AddSitesAsync([.. Enumerable.Range(0, 30).Select(i => Site(i))], Staff, null);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((30, 30, 0), f.Counts());
    }

    [Fact]
    public async Task A_user_name_twice_in_one_batch_is_refused_and_nothing_is_kept()
    {
        var result = await f.Service.AddSitesAsync([Site(0), Site(1, user: "batch0")], Staff, null);

        Assert.False(result.Succeeded);
        Assert.Contains("line 3: username: batch0 is in the batch twice", result.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.Executor.Applies);
    }

    [Fact]
    public async Task A_domain_and_its_www_name_in_one_batch_are_refused()
    {
        var www = new BatchSite("www.batch0.example", null, [new BatchUser("line 3", "other", "a-long-password-x", [], false, false)]);

        var result = await f.Service.AddSitesAsync([Site(0), www], Staff, null);

        Assert.False(result.Succeeded);
        Assert.Contains("line 3: domain:", result.Error, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), f.Counts());
    }
}
