using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Web.Applies;

namespace SftpJail.Web.Tests.Units;

/// <summary>An apply nobody came back for: its secrets leave the tracker after <see cref="ApplyTracker.Retention"/>.</summary>
public sealed class ApplyTrackerRetentionTests
{
    [Fact]
    public async Task An_unread_applys_secrets_are_gone_after_the_retention_even_with_no_new_apply()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var tracker = new ApplyTracker(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<ApplyTracker>.Instance, clock);
        var apply = tracker.Start("owner", "import", "Unread-secret-0123456789", (_, _) => Task.FromResult(new ApplyOutcome(true, null, [])));
        await tracker.RunOf(apply.Id)!.WaitAsync(TimeSpan.FromSeconds(10));

        clock.Now += ApplyTracker.Retention - TimeSpan.FromMinutes(1);
        Assert.Same(apply, tracker.Find(apply.Id, "owner"));

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Null(tracker.Find(apply.Id, "owner"));
        Assert.Null(tracker.RunOf(apply.Id)); // dropped, secrets and all, not merely hidden
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
