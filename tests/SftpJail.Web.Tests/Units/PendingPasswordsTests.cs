using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Tests.Units;

public sealed class PendingPasswordsTests
{
    private readonly SteppedClock clock = new();
    private readonly PendingPasswords pending;

    public PendingPasswordsTests() => pending = new PendingPasswords(clock);

    [Fact]
    public void A_kept_password_is_found_by_its_owner_with_its_ticket_and_by_nobody_else()
    {
        var ticket = pending.Keep("staff-1", "correct-horse-battery");

        Assert.Equal("correct-horse-battery", pending.Find("staff-1", ticket));
        Assert.Null(pending.Find("staff-2", ticket));
        Assert.Null(pending.Find("staff-1", ticket + "x"));
        Assert.Null(pending.Find("staff-1", null));
        Assert.DoesNotContain("correct-horse-battery", ticket, StringComparison.Ordinal);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", ticket);
    }

    [Fact]
    public void A_kept_password_expires_after_its_lifetime()
    {
        var ticket = pending.Keep("staff-1", "correct-horse-battery");

        clock.Advance(PendingPasswords.Lifetime - TimeSpan.FromSeconds(1));
        Assert.NotNull(pending.Find("staff-1", ticket));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(pending.Find("staff-1", ticket));
    }

    [Fact]
    public void Forget_drops_the_ticket_but_only_for_its_owner()
    {
        var ticket = pending.Keep("staff-1", "correct-horse-battery");

        pending.Forget("staff-2", ticket);
        Assert.NotNull(pending.Find("staff-1", ticket));
        pending.Forget("staff-1", ticket);
        Assert.Null(pending.Find("staff-1", ticket));
    }

    [Fact]
    public void No_more_than_the_bound_is_held_and_the_oldest_go_first()
    {
        var first = pending.Keep("staff-1", "password-number-0");
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var tickets = Enumerable.Range(1, PendingPasswords.MaxHeld).Select(i =>
        {
            clock.Advance(TimeSpan.FromMilliseconds(1));
            return pending.Keep("staff-1", $"password-number-{i}");
        }).ToList();

        Assert.Null(pending.Find("staff-1", first));
        Assert.Equal($"password-number-{PendingPasswords.MaxHeld}", pending.Find("staff-1", tickets[^1]));
    }

    private sealed class SteppedClock : TimeProvider
    {
        private DateTimeOffset now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
