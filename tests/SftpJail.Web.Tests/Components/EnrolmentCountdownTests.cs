using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using SftpJail.Web.Components.Pages.Host;

namespace SftpJail.Web.Tests.Components;

public sealed class EnrolmentCountdownTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(900, "15:00")]
    [InlineData(61.2, "1:02")]
    [InlineData(0.4, "0:01")]
    [InlineData(0, "0:00")]
    [InlineData(-5, "0:00")]
    public void Remaining_time_is_shown_as_minutes_and_seconds_rounded_up(double seconds, string expected) =>
        Assert.Equal(expected, EnrolmentCountdown.Format(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public async Task The_countdown_ticks_in_a_live_circuit_and_says_closed_once_the_window_expires()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.Zero));
        await using var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton<TimeProvider>(clock);
        context.Renderer.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        var expired = 0;
        var expires = clock.GetUtcNow().AddSeconds(90);

        var countdown = context.Render<EnrolmentCountdown>(p => p
            .Add(c => c.ExpiresAtUtc, expires)
            .Add(c => c.Expired, () => expired++));

        Assert.Equal("1:30", countdown.Find("[data-countdown]").GetAttribute("data-countdown"));
        Assert.Equal(1, clock.TimersCreated);
        clock.Now = expires.AddSeconds(-5);
        clock.Tick();
        countdown.WaitForAssertion(() => Assert.Equal("0:05", countdown.Find("[data-countdown]").GetAttribute("data-countdown")), Wait);
        Assert.Equal(0, expired);
        clock.Now = expires.AddSeconds(1);
        clock.Tick();
        countdown.WaitForAssertion(() => Assert.Equal("closed", countdown.Find("[data-countdown]").GetAttribute("data-countdown")), Wait);
        countdown.WaitForAssertion(() => Assert.Equal(1, expired), Wait);
        clock.Tick(); // a late tick of the disposed timer must not raise it again
        await Task.Delay(200);
        Assert.Equal(1, expired);
    }

    [Fact]
    public async Task A_prerendered_countdown_starts_no_timer()
    {
        var clock = new ManualClock(DateTimeOffset.UnixEpoch);
        await using var context = new BunitContext();
        context.Services.AddMudServices();
        context.Services.AddSingleton<TimeProvider>(clock);
        context.Renderer.SetRendererInfo(new RendererInfo("Static", isInteractive: false));

        var countdown = context.Render<EnrolmentCountdown>(p => p.Add(c => c.ExpiresAtUtc, clock.GetUtcNow().AddMinutes(2)));

        Assert.Equal("2:00", countdown.Find("[data-countdown]").GetAttribute("data-countdown"));
        Assert.Equal(0, clock.TimersCreated);
    }

    /// <summary>
    /// A clock the test sets, whose timers fire only when the test calls <see cref="Tick"/>: real timers made this
    /// test wait on the thread pool, which a loaded CI run starved for over 10 s.
    /// </summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private readonly List<(TimerCallback Callback, object? State)> callbacks = [];

        public DateTimeOffset Now { get; set; } = start;

        public int TimersCreated
        {
            get
            {
                lock (callbacks)
                {
                    return callbacks.Count;
                }
            }
        }

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            lock (callbacks)
            {
                callbacks.Add((callback, state));
            }

            return new ManualTimer();
        }

        /// <summary>Fires every timer made so far once, as one period passing would.</summary>
        public void Tick()
        {
            List<(TimerCallback Callback, object? State)> due;
            lock (callbacks)
            {
                due = [.. callbacks];
            }

            foreach (var (callback, state) in due)
            {
                callback(state);
            }
        }

        private sealed class ManualTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
