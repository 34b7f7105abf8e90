using System.Collections.Concurrent;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>Stands in for the engine behind the socket: records what arrived and how many applies overlapped.</summary>
internal sealed partial class FakeExecutorGateway : IExecutorGateway
{
    private int appliesRunning;
    private int maxAppliesRunning;

    public ConcurrentQueue<DesiredStateDto> PlannedStates { get; } = new();

    public ConcurrentQueue<DesiredStateDto> ReconciledStates { get; } = new();

    public ConcurrentQueue<(DesiredStateDto State, IReadOnlyList<PasswordChange> Passwords)> Applies { get; } = new();

    public int HostInfoCalls;

    public int MaxAppliesRunning => Volatile.Read(ref maxAppliesRunning);

    /// <summary>When set, each apply waits for it; <see cref="ApplyStarted"/> is released as each one begins.</summary>
    public TaskCompletionSource? ApplyGate { get; set; }

    public SemaphoreSlim ApplyStarted { get; } = new(0);

    public TimeSpan ApplyDelay { get; set; }

    public TimeSpan HostInfoDelay { get; set; }

    public Exception? Failure { get; set; }

    /// <summary>Reported as started and done through <see cref="ApplyProgress"/>, as the engine's action runner does.</summary>
    public IReadOnlyList<PlanStep> ProgressSteps { get; set; } = [];

    public PlanResult PlanToReturn { get; set; } = new([new PlanStep(PlanStepKind.CreateUser, "alice", "create user alice")]);

    public static HostInfo SampleHostInfo { get; } = new(
        "OpenSSH_9.2p1",
        "System",
        "0.0.0.0",
        22,
        [new HostKeyFingerprint("ED25519", "SHA256:abc")],
        "/var/www/sub-domains",
        "sftpjail",
        "www-data",
        true);

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        PlannedStates.Enqueue(state);
        return Task.FromResult(PlanToReturn);
    }

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var running = Interlocked.Increment(ref appliesRunning);
        InterlockedMax(ref maxAppliesRunning, running);
        try
        {
            Applies.Enqueue((state, passwords));
            for (var i = 0; i < ProgressSteps.Count; i++)
            {
                ApplyProgress.Report(new ApplyProgressEvent(i + 1, ProgressSteps.Count, ProgressSteps[i], Done: false));
                ApplyProgress.Report(new ApplyProgressEvent(i + 1, ProgressSteps.Count, ProgressSteps[i], Done: true));
            }

            ApplyStarted.Release();
            if (ApplyGate is { } gate)
            {
                await gate.Task.WaitAsync(cancellationToken);
            }

            await Task.Delay(ApplyDelay, cancellationToken);
            return new ApplyResult(true, [new PlanStep(PlanStepKind.SetPassword, "alice", "set password")]);
        }
        finally
        {
            Interlocked.Decrement(ref appliesRunning);
        }
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        ReconciledStates.Enqueue(state);
        return Task.FromResult(new ReconcileResult([new PlanStep(PlanStepKind.FixDirectory, "/var/www/x", "mode 0750 → 0755")]));
    }

    public async Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        Interlocked.Increment(ref HostInfoCalls);
        await Task.Delay(HostInfoDelay, cancellationToken);
        return SampleHostInfo;
    }

    public ConcurrentQueue<string> EffectiveSettingsRequests { get; } = new();

    public ConcurrentQueue<DateTimeOffset> FailedLoginRequests { get; } = new();

    public static EffectiveSettings SampleSettings(string user) =>
        new(user, [new EffectiveSetting("chrootdirectory", "/var/www/sub-domains/com.site1"), new EffectiveSetting("passwordauthentication", "yes")]);

    public static IReadOnlyList<FailedLogin> SampleFailedLogins { get; } =
        [new FailedLogin("root", "203.0.113.7", 12, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero), false, "journal")];

    public static FailedLoginReport SampleFailedLoginReport { get; } = new(true, "journal", SampleFailedLogins);

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        EffectiveSettingsRequests.Enqueue(userName);
        return Task.FromResult(SampleSettings(userName));
    }

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        FailedLoginRequests.Enqueue(since);
        return Task.FromResult(SampleFailedLoginReport);
    }

    public ConcurrentQueue<string> ArrivedKeyRequests { get; } = new();

    public static IReadOnlyList<ArrivedKey> SampleArrivedKeys(string admin) =>
    [
        new ArrivedKey(
            "ssh-ed25519",
            "SHA256:/vLh8nkiKXRLlmUjabOAuvzOppfRNg2C4btg4q3ahxM",
            admin + "@laptop",
            $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 {admin}@laptop"),
    ];

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        ArrivedKeyRequests.Enqueue(adminName);
        return Task.FromResult(SampleArrivedKeys(adminName));
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
