using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor;

/// <summary>Admins, the hardening profile and the enrolment window: guard before, verify during, record after an apply.</summary>
public sealed partial class ExecutorEngine
{
    private readonly EnrolmentStore enrolments;
    private readonly AdminManifestStore adminManifest;
    private readonly FailedLoginReader loginLog;
    private readonly EffectiveSshdSettings effective;
    private readonly LockoutGuard guard;
    private SshdVersion? sshdVersion;

    /// <summary>Raised after an apply stored or cleared the enrolment window (the timer re-reads it).</summary>
    public event Action? EnrolmentChanged;

    internal EnrolmentStore Enrolments => enrolments;

    /// <summary>The last state this executor applied successfully (host-access parts included); null before the first apply.</summary>
    public DesiredStateDto? LastApplied => enrolments.LoadLastApplied();

    public async Task<SshdVersion> SshdVersionAsync(CancellationToken cancellationToken = default)
    {
        if (sshdVersion is null)
        {
            var result = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-V"]), cancellationToken);
            sshdVersion = SshdVersion.Parse(result.StandardError + result.StandardOutput);
        }

        return sshdVersion;
    }

    /// <summary>What sshd really applies to a connection by <paramref name="user"/> (<c>sshd -T -C</c>); "root" is allowed here.</summary>
    public Task<IReadOnlyDictionary<string, string>> EffectiveSettingsAsync(string user, CancellationToken cancellationToken = default) =>
        user == "root" ? effective.ForRootAsync(cancellationToken) : effective.ForUserAsync(LinuxUserName.Parse(user), cancellationToken);

    /// <summary>Failed SSH logins per user and address (and accepted key logins) since <paramref name="since"/>.</summary>
    public Task<LoginReport> RecentLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default) =>
        loginLog.ReadAsync(since, cancellationToken);

    /// <summary>The contract's view of <see cref="EffectiveSettingsAsync"/>: a refused name or a failing <c>sshd -T</c> is an error, not a throw.</summary>
    public async Task<EffectiveSettings> GetEffectiveSettingsAsync(string userName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        try
        {
            var settings = await EffectiveSettingsAsync(userName, cancellationToken);
            return new EffectiveSettings(
                userName,
                settings.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new EffectiveSetting(s.Key, s.Value)).ToList());
        }
        catch (Exception ex) when (ex is InputRejectedException or HostCommandException or TimeoutException)
        {
            return new EffectiveSettings(userName, [], ex.Message);
        }
    }

    public async Task<FailedLoginReport> GetRecentFailedLoginsAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        var report = await RecentLoginsAsync(since, cancellationToken);
        return new FailedLoginReport(
            report.SourceFound,
            report.Source,
            report.Failures.Select(f => new FailedLogin(f.User, f.Address, f.Attempts, f.LastSeenUtc, f.UnknownUser, report.Source)).ToList());
    }

    /// <summary>
    /// Keys that reached an admin's own ~/.ssh/authorized_keys (ssh-copy-id during an enrolment window) and are not among
    /// its SftpJail-managed keys, for a person to approve into SftpJail. Only parsed keys come back, never the file's raw
    /// text. Refused: a name that is not an admin SftpJail manages, a link at ~/.ssh or at the file, a file over 64 KiB.
    /// </summary>
    public Task<IReadOnlyList<ArrivedKey>> GetArrivedKeysAsync(string adminName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adminName);
        cancellationToken.ThrowIfCancellationRequested();
        var name = LinuxUserName.Parse(adminName, "admin name");
        var managedAdmin = enrolments.LoadLastApplied()?.Admins?.FirstOrDefault(a => a.Name == name.Value);
        if (managedAdmin is null && !adminManifest.Load().Contains(name.Value, StringComparer.Ordinal))
        {
            throw new InputRejectedException("admin name", $"'{name}' is not an admin account SftpJail manages.");
        }

        if (AccountDatabase.Load().FindUser(name.Value) is not { } account || !AbsolutePath.TryParse(account.Home, out var home, out _))
        {
            return Task.FromResult<IReadOnlyList<ArrivedKey>>([]);
        }

        try
        {
            return Task.FromResult(new ArrivedKeyReader(files).Read(home, managedAdmin?.Keys ?? []));
        }
        catch (UnsafePathException ex)
        {
            throw new InputRejectedException("authorized_keys", ex.Message);
        }
    }

    private AdminObservation ObserveAdmins(Core.Model.DesiredState desired, AccountDatabase accounts)
    {
        var created = adminManifest.Load();
        var jailed = accounts.UsersInGroup(profile.JailGroup.Value).Select(u => u.Name).Concat(manifests.Load().Users).ToHashSet(StringComparer.Ordinal);
        var users = new Dictionary<string, ObservedUser>(StringComparer.Ordinal);
        foreach (var name in desired.Admins.Select(a => a.Name.Value).Concat(created))
        {
            if (accounts.FindUser(name) is { } account)
            {
                var groups = account.SupplementaryGroups.Concat(accounts.FindGroup(account.Gid) is { } primary ? [primary.Name] : []).ToList();
                users[name] = new ObservedUser(account.Name, account.Home, account.Shell, groups, account.Expired);
            }
        }

        return new AdminObservation(users, jailed, created, accounts.FindGroup(profile.AdminGroup.Value) is not null);
    }

    /// <summary>
    /// The lock-out guard runs when the profile takes a login path away and something changed since a state that
    /// already had it (the profile newly applied, or the admins or their keys changed). Null: go ahead.
    /// </summary>
    private async Task<string?> GuardAsync(BuiltPlan built, CancellationToken cancellationToken)
    {
        var hardening = built.Desired.Hardening;
        if (hardening is null || !hardening.RemovesALoginPath || built.Plan.IsEmpty)
        {
            return null;
        }

        var alreadyLockedDown = built.PreviousHardening is { RemovesALoginPath: true }
            && built.PreviousAdmins is not null && SameAdmins(built.PreviousAdmins, built.State.Admins ?? []);
        if (alreadyLockedDown)
        {
            return null;
        }

        var decision = await guard.CheckAsync(hardening, built.Desired.Admins, cancellationToken);
        return decision.Allowed ? null : decision.Refusal;
    }

    private static bool SameAdmins(IReadOnlyList<AdminDto> a, IReadOnlyList<AdminDto> b) =>
        a.Count == b.Count && a.OrderBy(x => x.Name, StringComparer.Ordinal).Zip(b.OrderBy(x => x.Name, StringComparer.Ordinal))
            .All(pair => pair.First.Name == pair.Second.Name && pair.First.Keys.SequenceEqual(pair.Second.Keys));

    private Func<CancellationToken, Task<IReadOnlyList<string>>>? VerifierFor(BuiltPlan built)
    {
        if (built.Desired.Hardening is not { } hardening)
        {
            return null;
        }

        var now = DateTimeOffset.UtcNow;
        var window = built.Desired.Enrolment is { } w && w.IsOpenAt(now) ? w : null;
        var jailedPasswordUser = built.Desired.AllUsers.FirstOrDefault(p => p.Site.Enabled && !p.User.KeyOnly && !p.User.Disabled).User?.Name;
        var verifier = new HardeningVerifier(profile, effective);
        // The dedicated sshd renders no admin or enrolment block (it admits no admin), so there is nothing to verify for them.
        IReadOnlyList<AdminAccountSpec> admins = profile.Mode == SshdMode.Dedicated ? [] : built.Desired.Admins;
        return ct => verifier.VerifyAsync(hardening, admins, profile.Mode == SshdMode.Dedicated ? null : window, jailedPasswordUser, ct);
    }

    /// <summary>After an apply: which admins SftpJail created, the last applied state, and the enrolment window for the timer.</summary>
    private void RecordHostAccess(BuiltPlan built, bool succeeded)
    {
        var created = adminManifest.Load().ToHashSet(StringComparer.Ordinal);
        var creates = built.Plan.Actions.OfType<CreateAdminAction>().Select(a => a.Name.Value).ToList();
        var removes = built.Plan.Actions.OfType<RemoveAdminAction>().Select(a => a.Name.Value).ToList();

        // The account files as the apply left them, read only when the plan created or removed an admin (a site change does neither).
        if (creates.Count + removes.Count > 0)
        {
            var accounts = AccountDatabase.Load();
            created.UnionWith(creates.Where(name => accounts.FindUser(name) is not null));
            created.ExceptWith(removes.Where(name => accounts.FindUser(name) is null));
        }

        adminManifest.Save(created);
        if (!succeeded)
        {
            return;
        }

        enrolments.SaveLastApplied(built.State);
        if (built.Desired.Enrolment is { } window && window.IsOpenAt(DateTimeOffset.UtcNow))
        {
            enrolments.SaveWindow(window);
        }
        else
        {
            enrolments.ClearWindow();
        }

        EnrolmentChanged?.Invoke();
    }

    private sealed record BuiltPlan(DesiredStateDto State, Core.Model.DesiredState Desired, HostPlan Plan, SshHardening? PreviousHardening, IReadOnlyList<AdminDto>? PreviousAdmins)
    {
        /// <summary>Which sites the plan inspected (see ExecutorEngine.Incremental.cs).</summary>
        public ApplyScope? Scope { get; init; }
    }
}
