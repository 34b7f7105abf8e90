using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Sshd;
using SftpJail.Executor.WebServer;

namespace SftpJail.Executor;

/// <summary>
/// The privileged engine: re-validates a desired state (it trusts nothing the caller says), inspects the host, plans
/// and applies. Used in-process by the CLI (run as root) and behind the Unix socket by the daemon.
/// </summary>
public sealed partial class ExecutorEngine : IExecutorGateway
{
    private static readonly SemaphoreSlim ApplyLock = new(1, 1);

    private readonly HostProfile profile;
    private readonly ILogger logger;
    private readonly HostFileSystem files;
    private readonly IProcessRunner runner;
    private readonly SshdController sshd;
    private readonly ManifestStore manifests;
    private readonly IntentJournal journal;
    private readonly IntentRecovery recovery;
    private readonly HostInspector inspector;
    private readonly ActionRunner actions;
    private readonly HostKeys hostKeys;
    private readonly WebServerController? webServer;
    private readonly VhostInstaller? vhosts;

    private ExecutorEngine(HostProfile profile, WebServerProfile? web, ILogger logger, IProcessRunner runner)
    {
        this.profile = profile;
        this.logger = logger;
        this.runner = runner;
        files = new HostFileSystem(WritableRoots(profile, web));
        if (web is { IsManaged: true })
        {
            webServer = new WebServerController(web, runner, files);
            vhosts = new VhostInstaller(profile, webServer, files);
        }

        hostKeys = new HostKeys(profile, runner);
        sshd = new SshdController(profile, runner, hostKeys, logger);
        manifests = new ManifestStore(profile, files, faults: Faults);
        journal = new IntentJournal(profile, files, Faults);
        recovery = new IntentRecovery(profile, files, site => web is { IsManaged: true } && files.Inspect(web.VhostPathFor(site)).Kind != FileKind.Missing);
        inspector = new HostInspector(profile, files);
        actions = new ActionRunner(files, new SystemAccounts(runner, idRange: profile.AccountIds), sshd, logger, vhosts, admins: new AdminAccounts(runner), manifests: manifests);
        enrolments = new EnrolmentStore(profile, files);
        adminManifest = new AdminManifestStore(profile, files);
        loginLog = new FailedLoginReader(runner, FailedLoginReader.DefaultLogFiles);
        effective = new EffectiveSshdSettings(profile, runner);
        guard = new LockoutGuard(profile, profile.AdminGroup, new KeyLoginProbe(profile, files, runner, logger), loginLog, logger);
    }

    public HostProfile Profile => profile;

    /// <summary>Test-only: where a fault-injection test makes an apply fail or stop dead.</summary>
    internal ApplyFaults Faults { get; } = new();

    public static ExecutorEngine Create(HostProfile profile, ILoggerFactory loggerFactory) =>
        Create(profile, null, loggerFactory);

    /// <param name="web">The web server whose vhosts SftpJail manages; null or Kind None manages none.</param>
    public static ExecutorEngine Create(HostProfile profile, WebServerProfile? web, ILoggerFactory loggerFactory) =>
        new(profile, web, loggerFactory.CreateLogger<ExecutorEngine>(), new ProcessRunner());

    /// <summary>With another process runner: the host tests stand in for systemd's <c>systemctl reload</c> in system mode.</summary>
    internal static ExecutorEngine Create(HostProfile profile, ILoggerFactory loggerFactory, IProcessRunner runner) =>
        new(profile, null, loggerFactory.CreateLogger<ExecutorEngine>(), runner);

    /// <summary>The only places the executor ever writes; everything else is read-only to it.</summary>
    public static IReadOnlyList<AbsolutePath> WritableRoots(HostProfile profile, WebServerProfile? web = null)
    {
        var roots = new List<AbsolutePath> { profile.JailRoot, profile.AuthorizedKeysDir.Parent!, profile.StateDir, profile.SshdDropInPath.Parent! };
        if (profile.Mode == SshdMode.Dedicated)
        {
            roots.Add(profile.SshdMainConfigPath.Parent!);
        }

        if (web is { IsManaged: true })
        {
            roots.AddRange(web.Mode == WebServerMode.Dedicated ? [web.ConfigRoot, web.LogDir] : [web.SitesDir]);
            if (web.Mode == WebServerMode.System && web.EnabledDir is { } enabled)
            {
                roots.Add(enabled);
            }
        }

        return roots;
    }

    public async Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        try
        {
            var opened = OpenManifest();
            var built = await BuildPlanAsync(state, [], opened.Manifest, cancellationToken);
            return new PlanResult([.. opened.Adopted, .. built.Plan.Steps]);
        }
        catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
        {
            return new PlanResult([], ex.Message);
        }
    }

    /// <summary>The apply itself; every caller comes through <see cref="ApplyAsync(DesiredStateDto, IReadOnlyList{PasswordChange}, Audit.ExecutorCaller, CancellationToken)"/>.</summary>
    private async Task<ApplyResult> ApplyUnjournaledAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken)
    {
        await ApplyLock.WaitAsync(cancellationToken);
        try
        {
            var secrets = PasswordChangeSet.Check(passwords);
            var opened = ApplyTiming.Time("open manifest", OpenManifest);
            ApplyTiming.Time("finish interrupted", () => FinishInterruptedApply(opened));
            var manifest = opened.Manifest;
            BuiltPlan built;
            try
            {
                built = await BuildPlanAsync(state, secrets.Keys.Select(name => LinuxUserName.Parse(name)).ToList(), manifest, cancellationToken, incremental: opened.Pending is null);
            }
            catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
            {
                return ApplyResult.Refused(ex.Message);
            }

            var plan = built.Plan;
            if (await ApplyTiming.TimeAsync("guard", () => GuardAsync(built, cancellationToken)) is { } refusal)
            {
                return ApplyResult.Refused(refusal);
            }

            var missing = secrets.Keys.Where(name => !plan.Actions.OfType<SetPasswordAction>().Any(a => a.Name.Value == name)).ToList();
            if (missing.Count > 0)
            {
                return ApplyResult.Refused($"Cannot set a password for {string.Join(", ", missing)}: not a user in the desired state.");
            }

            // From here the host may change: an exception is a failure that reports what was done, never a refusal.
            var done = new List<PlanStep>(opened.Adopted);
            ApplyResult? ran = null;
            try
            {
                var session = new ApplySession(manifest, Faults);

                // Before the intent is written: a full state directory must not keep a disabled customer logged in.
                await PrepareForFullDiskAsync(plan, cancellationToken);
                if (!plan.IsEmpty)
                {
                    ApplyTiming.Time("intent", () => WriteIntent(IntentFor(plan, built.Desired, manifest), session));
                }

                if (webServer is { Profile.Mode: WebServerMode.Dedicated })
                {
                    // The vhost installer reloads a running server; a dedicated one is started first, with its own config only.
                    PrepareDedicatedWebServer(webServer);
                    if (webServer.DedicatedPid is null)
                    {
                        await webServer.StartDedicatedAsync(cancellationToken);
                        done.Add(new PlanStep(PlanStepKind.ReloadService, "web server", "start the dedicated web server"));
                    }
                }

                var result = ran = plan.IsEmpty ? new ApplyResult(true, []) : await actions.RunAsync(plan, secrets, cancellationToken, VerifierFor(built), session);
                done.AddRange(result.Applied);
                result = result with { Applied = [.. done] };

                // The outcome is durable (the manifest lists every account this apply created) before the intent goes and
                // before any new account can log in: a full disk here leaves them locked and named in the intent.
                var succeeded = result.Succeeded;
                ApplyTiming.Time("record manifest", () => RecordManifest(built.Desired, manifest, succeeded));
                ApplyTiming.Time("record index", () => RecordAppliedIndex(built, succeeded));
                ApplyTiming.Time("record host access", () => RecordHostAccess(built, succeeded));
                ApplyTiming.Time("space reserve", KeepSpaceReserve);
                if (!plan.IsEmpty)
                {
                    ApplyTiming.Time("clear intent", journal.Clear);
                }

                if (result.Succeeded)
                {
                    Faults.At("unlock accounts");
                    using var unlocking = ApplyTiming.Phase("unlock");
                    await actions.UnlockAsync(session.ToUnlock, cancellationToken);
                }

                if (result.Succeeded && await ApplyTiming.TimeAsync("ensure sshd", () => sshd.EnsureDedicatedRunningAsync(cancellationToken)))
                {
                    result = result with { Applied = [.. result.Applied, new PlanStep(PlanStepKind.ReloadService, "sshd", "start the dedicated sshd")] };
                }

                ApplyTiming.Time("sync relay", SyncRelayAfterApply);

                logger.LogInformation("Apply {Outcome}: {Count} change(s){Error}", result.Succeeded ? "succeeded" : "failed", result.Applied.Count, result.Error is null ? string.Empty : ": " + result.Error);
                return result;
            }
            catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && ex is not SimulatedCrashException)
            {
                logger.LogError(ex, "Apply failed after {Count} change(s)", done.Count);
                var error = ran?.Error is { } first ? $"{first}; recording the outcome then failed too: {ex.Message}" : $"The executor failed: {ex.Message}";
                return ApplyResult.Failed(error, done) with { RolledBack = ran?.RolledBack ?? false };
            }
        }
        catch (InputRejectedException ex)
        {
            return ApplyResult.Refused(ex.Message);
        }
        catch (Exception ex) when ((ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && ex is not SimulatedCrashException)
        {
            // Inspecting the host failed (an unreadable manifest, a missing directory): nothing changed, but it is not a refusal.
            logger.LogError(ex, "Apply failed before changing the host");
            return ApplyResult.Failed($"The executor failed: {ex.Message}");
        }
        finally
        {
            ApplyLock.Release();
        }
    }

    public async Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        try
        {
            var opened = OpenManifest();
            var built = await BuildPlanAsync(state, [], opened.Manifest, cancellationToken);
            var sites = built.Desired.Sites.Select(s => s.Domain).ToList();
            var orphans = new OrphanedFiles(profile, files).Find(sites);
            var unmanaged = new UnmanagedEntries(profile, files, webServer?.Profile).Find(opened.Manifest, sites, opened.Pending);
            var result = new ReconcileResult([.. built.Plan.Steps.Where(s => s.Kind != PlanStepKind.ReloadService), .. orphans, .. unmanaged, .. RelayGaps()]);
            if (!result.InSync)
            {
                // Drift the incremental view may not see (an ACL changed by hand): the next apply converges the whole host.
                ForgetAppliedIndex();
            }

            return result;
        }
        catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
        {
            return new ReconcileResult([], ex.Message);
        }
    }

    public async Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default)
    {
        var version = await runner.RunAsync(new ProcessSpec(profile.SshdBinary.Value, ["-V"]), cancellationToken);
        var versionText = (version.StandardError + version.StandardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown";
        return new HostInfo(
            versionText,
            profile.Mode.ToString(),
            profile.Listen.Address.ToString(),
            profile.Listen.Port,
            await hostKeys.FingerprintsAsync(cancellationToken),
            profile.JailRoot.Value,
            profile.JailGroup.Value,
            profile.WebGroup.Value,
            CanChangeHost: Environment.UserName == "root",
            WebServer: webServer?.Profile is { } web
                ? new WebServerInfo(web.Kind.ToString(), web.Mode.ToString(), web.Listen.Address.ToString(), web.Listen.HttpPort, web.Listen.HttpsPort)
                : null)
        { Disk = DiskStatus() };
    }

    /// <summary>
    /// Host-access parts the caller left unset come from the last applied state (site-only callers send none); the
    /// sshd version decides which hardening keywords are rendered.
    /// </summary>
    /// <param name="incremental">Inspect only the sites the change touches, when the applied index allows it (applies only).</param>
    private async Task<BuiltPlan> BuildPlanAsync(DesiredStateDto dto, IReadOnlyCollection<LinuxUserName> passwordUsers, ManifestSession manifest, CancellationToken cancellationToken, bool incremental = false)
    {
        var previous = ApplyTiming.Time("load last applied", enrolments.LoadLastApplied);
        var merged = dto.WithUnsetHostAccessFrom(previous);
        var now = DateTimeOffset.UtcNow;
        var renderProfile = profile with { SshdVersion = await ApplyTiming.TimeAsync("sshd version", () => SshdVersionAsync(cancellationToken)) };
        var desired = ApplyTiming.Time("parse", () => WithDiskLimits(DesiredStateParser.Parse(merged, renderProfile, now)));
        var target = ApplyTiming.Time("target", () => TargetBuilder.Build(desired, renderProfile, now: now));
        var scope = ApplyTiming.Time("scope", () => ScopeFor(target, desired, renderProfile, incremental, "an interrupted apply was finished"));

        // One read of passwd, group and shadow for the whole plan: the inspection, the admins and the recovery see the same accounts.
        var accounts = ApplyTiming.Time("read accounts", () => AccountDatabase.Load());
        var snapshot = ApplyTiming.Time("inspect", () => inspector.Inspect(target, manifest, scope.Trusted, accounts));
        var admins = ApplyTiming.Time("observe admins", () => new AdminPlanInput(desired.Admins, ObserveAdmins(desired, accounts)));
        var planned = ApplyTiming.Time("plan", () => Planner.Plan(target, snapshot, renderProfile, passwordUsers, admins));
        var plan = ApplyTiming.Time("recover and archive", () =>
        {
            var recovered = new AccountRecovery(manifests).Rewrite(planned, target.Users.Select(u => u.Name), manifest, accounts);
            return new EmptySites(files).RemoveInsteadOfArchiving(new ArchivedSites(profile, files).RestoreInto(recovered, target.Sites));
        });
        var previousHardening = previous is null ? null : HostAccessParser.ParseHardening(previous.Hardening);
        if (vhosts is null)
        {
            return new BuiltPlan(merged, desired, plan, previousHardening, previous?.Admins) { Scope = scope };
        }

        var sites = desired.Sites.Where(site => !scope.Trusted.HasSite(site.Domain.Value)).Select(site => new VhostSite(site)).ToList();
        var wanted = desired.Sites.Select(site => site.Domain.Value).ToHashSet(StringComparer.Ordinal);
        var removals = snapshot.Manifest.Sites.Where(d => !wanted.Contains(d)).Select(d => SiteDomain.Parse(d)).ToList();
        try
        {
            var changes = ApplyTiming.Time("vhost preview", () => vhosts.Preview(sites, removals));
            var withVhosts = changes.Count == 0 ? plan : plan.InsertAfterSshd(new ConvergeVhostsAction(sites, removals, changes));
            return new BuiltPlan(merged, desired, withVhosts, previousHardening, previous?.Admins) { Scope = scope };
        }
        catch (UnsafePathException ex)
        {
            throw new PlanRefusedException(ex.Message);
        }
    }

    /// <summary>Users are recorded as their useradd succeeds (ActionRunner); a failure adds no name that was never created.</summary>
    private void RecordManifest(Core.Model.DesiredState desired, ManifestSession manifest, bool succeeded) =>
        manifests.RecordAfterApply(manifest, desired.Sites.Select(s => s.Domain).ToList(), desired.AllUsers.Select(p => p.User.Name).ToList(), succeeded);
}
