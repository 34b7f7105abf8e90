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
        var apply = tracker.Start(ApplyKind.Import, "owner", "import", "Unread-secret-0123456789", (_, _) => Task.FromResult(new ApplyOutcome(true, null, [])));
        await tracker.RunOf(apply.Id)!.WaitAsync(TimeSpan.FromSeconds(10));

        clock.Now += ApplyTracker.Retention - TimeSpan.FromMinutes(1);
        Assert.Same(apply, tracker.Find(ApplyKind.Import, apply.Id, "owner"));

        clock.Now += TimeSpan.FromMinutes(2);
        Assert.Null(tracker.Find(ApplyKind.Import, apply.Id, "owner"));
        Assert.Null(tracker.RunOf(apply.Id)); // dropped, secrets and all, not merely hidden
    }

    [Fact]
    public async Task An_apply_that_ran_longer_than_the_retention_can_still_be_re_attached_after_it_ends()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await using var services = new ServiceCollection().BuildServiceProvider();
        var tracker = new ApplyTracker(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<ApplyTracker>.Instance, clock);
        var release = new TaskCompletionSource<ApplyOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var apply = tracker.Start(ApplyKind.Import, "owner", "import", "Long-secret-0123456789", (_, _) => release.Task);

        clock.Now += ApplyTracker.Retention + TimeSpan.FromMinutes(5);
        Assert.Same(apply, tracker.Find(ApplyKind.Import, apply.Id, "owner")); // still running: never dropped
        release.SetResult(new ApplyOutcome(true, null, []));
        await tracker.RunOf(apply.Id)!.WaitAsync(TimeSpan.FromSeconds(10));
        clock.Now += TimeSpan.FromMinutes(30);

        Assert.Same(apply, tracker.Find(ApplyKind.Import, apply.Id, "owner"));
        Assert.Equal("Long-secret-0123456789", apply.PeekSecrets().SftpPassword);
        clock.Now += ApplyTracker.Retention;
        Assert.Null(tracker.Find(ApplyKind.Import, apply.Id, "owner"));
        Assert.True(apply.PeekSecrets().IsEmpty); // forgotten with the entry, not only unreachable
    }

    [Fact]
    public async Task Another_page_kind_cannot_re_attach_and_a_peek_leaves_the_secrets_until_they_are_forgotten()
    {
        await using var services = new ServiceCollection().BuildServiceProvider();
        var tracker = new ApplyTracker(services.GetRequiredService<IServiceScopeFactory>(), NullLogger<ApplyTracker>.Instance, TimeProvider.System);
        var apply = tracker.Start(ApplyKind.Import, "owner", "import", "Kind-secret-0123456789", (_, _) => Task.FromResult(new ApplyOutcome(true, null, [])));
        await tracker.RunOf(apply.Id)!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(tracker.Find(ApplyKind.AddCustomer, apply.Id, "owner"));
        Assert.Null(tracker.Find(ApplyKind.Host, apply.Id, "owner"));
        Assert.Equal("Kind-secret-0123456789", apply.PeekSecrets().SftpPassword);
        Assert.Equal("Kind-secret-0123456789", apply.PeekSecrets().SftpPassword);
        Assert.True(apply.ForgetSecrets());
        Assert.False(apply.ForgetSecrets()); // a second tab that had peeked too learns it was not the first, and hides them
        Assert.True(apply.PeekSecrets().IsEmpty);
    }

    [Fact]
    public void Records_that_carry_secrets_print_none()
    {
        var outcome = new ApplyOutcome(true, null, [], 1, "a.example", "a") { CustomerPassword = "Customer-secret-1" };
        var secrets = new OneTimeSecrets("Sftp-secret-1", "Customer-secret-1");

        Assert.DoesNotContain("secret-1", outcome.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-1", secrets.ToString(), StringComparison.Ordinal);
        Assert.Contains("a.example", outcome.ToString(), StringComparison.Ordinal);
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
