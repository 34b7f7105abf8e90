using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.HostAccess;

public sealed class EnrolmentCloseTests : IDisposable
{
    private readonly SiteServiceFixture fixture = new();
    private readonly HostAccessService service;

    public EnrolmentCloseTests() =>
        service = new HostAccessService(fixture.Db, fixture.Service, fixture.Executor, fixture.Audit, fixture.Clock);

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Closing_the_window_sends_it_expired_now_and_keeps_it_listed_as_closed()
    {
        await service.AddAdminAsync("alice", [], null, SiteServiceFixture.Staff);
        await service.OpenEnrolmentAsync("alice", TimeSpan.FromMinutes(15), null, SiteServiceFixture.Staff);

        var closed = await service.CloseEnrolmentAsync(SiteServiceFixture.Staff);

        Assert.True(closed.Succeeded, closed.Error);
        Assert.NotNull(closed.AuditEntryId);
        var now = fixture.Clock.GetUtcNow();
        Assert.Equal(new EnrolmentDto("alice", now), fixture.Executor.LastState.Enrolment);
        Assert.Equal(now, (await service.GetAsync()).Enrolment!.ExpiresAtUtc);
    }

    [Fact]
    public async Task Closing_with_no_open_window_is_refused_and_sends_nothing()
    {
        await service.AddAdminAsync("alice", [], null, SiteServiceFixture.Staff);
        var sent = fixture.Executor.Applies.Count;

        var closed = await service.CloseEnrolmentAsync(SiteServiceFixture.Staff);

        Assert.False(closed.Succeeded);
        Assert.Contains("No enrolment window is open", closed.Error, StringComparison.Ordinal);
        Assert.Equal(sent, fixture.Executor.Applies.Count);
    }
}
