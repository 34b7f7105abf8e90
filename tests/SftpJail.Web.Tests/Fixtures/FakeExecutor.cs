using System.Collections.Concurrent;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>Stands in for the executor: plans a fixed drop-in diff, applies successfully, and records every call.</summary>
public sealed partial class FakeExecutor : IExecutorGateway
{
    public const string DropInPath = "/etc/ssh/sshd_config.d/50-sftpjail.conf";
    public static readonly HostKeyFingerprint Ed25519 = new("ED25519", "SHA256:fakeEd25519FingerprintForTheWebTests0123456");

    private readonly ConcurrentQueue<string> calls = new();
    private readonly ConcurrentDictionary<string, bool> onHost = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Calls => calls.ToArray();

    public int ApplyCount => calls.Count(c => c == "apply");

    /// <summary>When set, applies fail with this message (the host is "restored").</summary>
    public string? FailApplyWith { get; set; }

    public IReadOnlyList<PlanStep> Drift { get; set; } = [];

    /// <summary>The passwords sent with the last apply (to check which password was set, never shown anywhere).</summary>
    public IReadOnlyList<PasswordChange> LastPasswords { get; private set; } = [];

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        calls.Enqueue("plan");
        return Task.FromResult(new PlanResult(StepsFor(state)));
    }

    /// <summary>When set, an apply reports its first step and then waits for this before going on (a slow host).</summary>
    public TaskCompletionSource? HoldApply { get; set; }

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        var steps = FailApplyWith is null ? StepsFor(state) : [];
        // As the real executor's client does: each step reported started and done to a listener in this flow.
        for (var i = 0; i < steps.Count; i++)
        {
            ApplyProgress.Report(new ApplyProgressEvent(i + 1, steps.Count, steps[i], Done: false));
            if (i == 0 && HoldApply is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }

            ApplyProgress.Report(new ApplyProgressEvent(i + 1, steps.Count, steps[i], Done: true));
        }

        return Record(state, passwords, steps);
    }

    private ApplyResult Record(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, IReadOnlyList<PlanStep> steps)
    {
        calls.Enqueue("apply");
        LastPasswords = passwords;
        LastApplied = state;
        if (FailApplyWith is { } error)
        {
            return new ApplyResult(false, [], error, RolledBack: true);
        }

        onHost.Clear();
        foreach (var user in state.Sites.SelectMany(s => s.Users))
        {
            onHost[user.Name] = true;
        }

        return new ApplyResult(true, steps);
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        calls.Enqueue("reconcile");
        return Task.FromResult(new ReconcileResult(Drift));
    }

    /// <summary>When set, asking for the host's details fails as an unreachable executor would, with this (internal) text.</summary>
    public string? HostInfoFailure { get; set; }

    /// <summary>When set, asking for the host's details throws an unexpected exception with this text (a bug, say).</summary>
    public string? HostInfoCrash { get; set; }

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default)
    {
        calls.Enqueue("hostinfo");
        if (HostInfoFailure is { } failure)
        {
            throw new ExecutorUnavailableException(failure);
        }

        if (HostInfoCrash is { } crash)
        {
            throw new InvalidOperationException(crash);
        }

        return Task.FromResult(new HostInfo("OpenSSH_9.2p1 (fake)", "Dedicated", "127.0.0.1", SshdPort, [Ed25519], JailRoot, "sftpjail", "www-data", true, Web)
        {
            Disk = new DiskLimitStatus(DiskLimitStatus.ExecutorEnforced, false, "quotas are not switched on (fake)", DiskWarnings, [.. DiskUsage]),
        });
    }

    public DesiredStateDto? LastApplied { get; private set; }

    /// <summary>The port the fake says its sshd listens on (127.0.0.1); the health tests point it at a stand-in.</summary>
    public int SshdPort { get; set; } = 2222;

    public string JailRoot { get; set; } = "/srv/jail";

    /// <summary>The usage the fake reports as measured, per site.</summary>
    public ConcurrentBag<SiteDiskUsage> DiskUsage { get; } = [];

    public IReadOnlyList<string> DiskWarnings { get; set; } = [];

    /// <summary>Effective sshd settings by user name; a name not listed comes back with an error, as a refused name would.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<EffectiveSetting>> Effective { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<FailedLogin> FailedLogins { get; set; } = [];

    /// <summary>False: the executor "found" neither a journal nor a log file (then <see cref="FailedLogins"/> is ignored).</summary>
    public bool LogSourceFound { get; set; } = true;

    /// <summary>The web server the fake "manages"; null: none. Defaults to the host's own nginx on port 80.</summary>
    public WebServerInfo? Web { get; set; } = SystemNginx;

    public static readonly WebServerInfo SystemNginx = new("Nginx", "System", "0.0.0.0", 80, 443);

    /// <summary>The <c>since</c> of the last failed-login request.</summary>
    public DateTimeOffset? FailedLoginsSince { get; private set; }

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default)
    {
        calls.Enqueue("effective:" + userName);
        return Task.FromResult(Effective.TryGetValue(userName, out var settings)
            ? new EffectiveSettings(userName, settings)
            : new EffectiveSettings(userName, [], $"no effective settings for {userName}"));
    }

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        calls.Enqueue("failedlogins");
        FailedLoginsSince = since;
        return Task.FromResult(LogSourceFound ? new FailedLoginReport(true, "journal", FailedLogins) : FailedLoginReport.NoSource);
    }

    /// <summary>Keys "found" in an admin's ~/.ssh/authorized_keys, by admin name; a name not listed has none.</summary>
    public ConcurrentDictionary<string, IReadOnlyList<ArrivedKey>> Arrived { get; } = new(StringComparer.Ordinal);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default)
    {
        calls.Enqueue("arrived:" + adminName);
        return Task.FromResult(Arrived.TryGetValue(adminName, out var keys) ? keys : (IReadOnlyList<ArrivedKey>)[]);
    }

    private List<PlanStep> StepsFor(DesiredStateDto state)
    {
        var users = state.Sites.SelectMany(s => s.Users).Select(u => u.Name).Where(u => !onHost.ContainsKey(u)).ToList();
        var diff = "--- " + DropInPath + "\n+++ " + DropInPath + "\n@@ -0,0 +1,3 @@\n+Match Group sftpjail\n+    ChrootDirectory %h\n+    ForceCommand internal-sftp\n";
        return
        [
            .. users.Select(u => new PlanStep(PlanStepKind.CreateUser, u, $"create jailed user {u}")),
            new PlanStep(PlanStepKind.WriteFile, DropInPath, "rewrite the sshd drop-in", diff),
            new PlanStep(PlanStepKind.ReloadService, "sshd", "validate with sshd -t and reload"),
        ];
    }
}
