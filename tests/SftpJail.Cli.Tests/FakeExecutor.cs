using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Cli.Tests;

public sealed class FakeExecutor : IExecutorGateway
{
    public List<(DesiredStateDto State, IReadOnlyList<PasswordChange> Passwords)> Applies { get; } = [];

    public string? ApplyError { get; set; }

    public IReadOnlyList<PlanStep> Drift { get; set; } = [];

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        Task.FromResult(new PlanResult(state.Sites.Select(s => new PlanStep(PlanStepKind.WriteFile, $"/etc/nginx/sites-available/{s.Domain}.conf", "create", "+server {")).ToList()));

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        Applies.Add((state, passwords));
        return Task.FromResult(ApplyError is null
            ? new ApplyResult(true, [new PlanStep(PlanStepKind.ReloadService, "sshd", "reloaded")])
            : new ApplyResult(false, [], ApplyError, RolledBack: true));
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        Task.FromResult(new ReconcileResult(Drift));

    /// <summary>What the fake reports as measured usage in its host info.</summary>
    public List<SiteDiskUsage> DiskUsage { get; } = [];

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new HostInfo("OpenSSH_9.2p1", "Dedicated", "127.0.0.1", 2222, [new HostKeyFingerprint("ED25519", "SHA256:abc")], "/srv/jail", "sftpjail", "www-data", true)
        {
            Disk = new DiskLimitStatus(DiskLimitStatus.ExecutorEnforced, false, "quotas are not switched on", [], DiskUsage),
        });

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EffectiveSettings(userName, [new EffectiveSetting("passwordauthentication", "no")]));

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(FailedLoginReport.NoSource);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArrivedKey>>([]);
}
