using SftpJail.Core.Contract;
using SftpJail.Core.Planning;

namespace SftpJail.Data.Tests.Infrastructure;

/// <summary>Records what the service sends; answers success unless told to refuse, fail or throw.</summary>
public sealed class FakeExecutor : IExecutorGateway
{
    public List<(DesiredStateDto State, IReadOnlyList<PasswordChange> Passwords)> Applies { get; } = [];

    public List<DesiredStateDto> Plans { get; } = [];

    public List<DesiredStateDto> Reconciles { get; } = [];

    public Func<DesiredStateDto, ApplyResult>? OnApply { get; set; }

    public IReadOnlyList<PlanStep> Drift { get; set; } = [];

    public DesiredStateDto LastState => Applies[^1].State;

    /// <summary>Accounts the host has that SftpJail did not make: planning a state that wants one is refused, as the planner does.</summary>
    public HashSet<string> ForeignAccounts { get; } = [];

    /// <summary>When it returns a message for a state, planning that state is refused with it.</summary>
    public Func<DesiredStateDto, string?>? RefusePlanWith { get; set; }

    public void Refuse(string error) => OnApply = _ => ApplyResult.Refused(error);

    public void Fail(string error) => OnApply = _ => new ApplyResult(false, [new PlanStep(PlanStepKind.CreateUser, "x", "created x")], error, RolledBack: true);

    public void Throw(Exception exception) => OnApply = _ => throw exception;

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        Plans.Add(state);
        if (state.Sites.SelectMany(s => s.Users).FirstOrDefault(u => ForeignAccounts.Contains(u.Name)) is { } foreign)
        {
            return Task.FromResult(new PlanResult([], $"The account '{foreign.Name}' already exists on this host and is not managed by SftpJail; choose another username."));
        }

        if (RefusePlanWith?.Invoke(state) is { } refusal)
        {
            return Task.FromResult(new PlanResult([], refusal));
        }

        return Task.FromResult(new PlanResult(state.Sites.Select(s => new PlanStep(PlanStepKind.CreateDirectory, s.Domain, "create chroot")).ToList()));
    }

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        Applies.Add((state, passwords));
        var result = OnApply?.Invoke(state) ?? new ApplyResult(true, state.Sites.Select(s => new PlanStep(PlanStepKind.WriteFile, s.Domain, "wrote vhost")).ToList());
        return Task.FromResult(result);
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        Reconciles.Add(state);
        return Task.FromResult(new ReconcileResult(Drift));
    }

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new HostInfo("OpenSSH_9.2", "Dedicated", "127.0.0.1", 2222, [], "/srv/jail", "sftpjail", "www-data", false));

    public Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default) =>
        Task.FromResult(new EffectiveSettings(userName, [new EffectiveSetting("passwordauthentication", "no")]));

    public Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        Task.FromResult(FailedLoginReport.NoSource);

    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ArrivedKey>>([]);
}
