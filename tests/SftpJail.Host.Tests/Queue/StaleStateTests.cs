using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Executor;
using SftpJail.Executor.Hardening;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Queue;

/// <summary>
/// The attack: a site add finished just before the enrolment timer fired; the timer then re-applied the state it had
/// read before the add, deleting the new user and archiving its chroot. Every state carries a generation now.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class StaleStateTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact(Timeout = 120_000)]
    public async Task A_state_older_than_the_applied_generation_is_refused_and_changes_nothing()
    {
        var first = host.UserName("a");
        var second = host.UserName("b");
        Assert.True((await host.ApplyAsync(Of(Site("a.example", User(first))) with { Generation = 1 })).Succeeded);
        Assert.True((await host.ApplyAsync(Of(Site("a.example", User(first)), Site("b.example", User(second))) with { Generation = 2 })).Succeeded);

        var stale = await host.ApplyAsync(Of(Site("a.example", User(first))) with { Generation = 1 });

        Assert.False(stale.Succeeded);
        Assert.True(stale.IsStale, stale.Error);
        Assert.Equal(2, stale.Generation);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", second])).ExitCode);
        Assert.True(Directory.Exists(host.Profile.ChrootFor(SiteDomain.Parse("b.example")).Value));
        Assert.Equal(2, host.Engine.LastApplied?.Generation);
    }

    [Fact(Timeout = 120_000)]
    public async Task The_enrolment_timer_racing_a_site_add_re_renders_from_the_newer_state_and_deletes_no_user()
    {
        var first = host.UserName("a");
        var added = host.UserName("b");
        Assert.True((await host.ApplyAsync(Of(Site("a.example", User(first))) with { Generation = 1 })).Succeeded);
        host.Engine.Enrolments.SaveWindow(new EnrolmentWindow(LinuxUserName.Parse(host.UserName("adm")), DateTimeOffset.UtcNow.AddMinutes(-1)));
        var racing = new SiteAddLandsFirst(host.Engine, Of(Site("a.example", User(first)), Site("b.example", User(added))) with { Generation = 2 });
        using var timer = new EnrolmentTimer(host.Engine.Enrolments, racing, TimeProvider.System, NullLogger<EnrolmentTimer>.Instance);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        timer.Closed += _ => closed.TrySetResult();

        await timer.StartAsync(CancellationToken.None);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await timer.StopAsync(CancellationToken.None);

        Assert.True(racing.SiteAdd?.Succeeded, racing.SiteAdd?.Error);
        Assert.NotNull(racing.TimerFirstAttempt);
        Assert.True(racing.TimerFirstAttempt.IsStale, $"the timer's apply of the old state was not refused: {racing.TimerFirstAttempt.Error}");
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", added])).ExitCode);
        Assert.Contains("b.example", host.Engine.LastApplied!.Sites.Select(s => s.Domain));
        Assert.Equal(2, host.Engine.LastApplied.Generation);
        Assert.Null(host.Engine.Enrolments.LoadWindow());
    }

    /// <summary>Between the timer's read of the last applied state and its apply, a site add (a newer generation) lands.</summary>
    private sealed class SiteAddLandsFirst(ExecutorEngine engine, DesiredStateDto siteAdd) : IExecutorGateway
    {
        private int calls;

        public ApplyResult? SiteAdd { get; private set; }

        public ApplyResult? TimerFirstAttempt { get; private set; }

        public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                SiteAdd = await engine.ApplyAsync(siteAdd, [], cancellationToken);
                return TimerFirstAttempt = await engine.ApplyAsync(state, passwords, cancellationToken);
            }

            return await engine.ApplyAsync(state, passwords, cancellationToken);
        }

        public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) => engine.PlanAsync(state, cancellationToken);

        public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default) => engine.ReconcileAsync(state, cancellationToken);

        public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) => engine.GetHostInfoAsync(cancellationToken);

        public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) => engine.GetEffectiveSettingsAsync(userName, cancellationToken);

        public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) => engine.GetRecentFailedLoginsAsync(since, cancellationToken);

        public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) => engine.GetArrivedKeysAsync(adminName, cancellationToken);
    }
}
