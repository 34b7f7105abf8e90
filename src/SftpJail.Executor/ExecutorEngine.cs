using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
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
        manifests = new ManifestStore(profile, files);
        inspector = new HostInspector(profile, files, manifests);
        actions = new ActionRunner(files, new SystemAccounts(runner), sshd, logger, vhosts);
    }

    public HostProfile Profile => profile;

    public static ExecutorEngine Create(HostProfile profile, ILoggerFactory loggerFactory) =>
        Create(profile, null, loggerFactory);

    /// <param name="web">The web server whose vhosts SftpJail manages; null or Kind None manages none.</param>
    public static ExecutorEngine Create(HostProfile profile, WebServerProfile? web, ILoggerFactory loggerFactory) =>
        new(profile, web, loggerFactory.CreateLogger<ExecutorEngine>(), new ProcessRunner());

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

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        try
        {
            var plan = BuildPlan(state, []);
            return Task.FromResult(new PlanResult(plan.Steps));
        }
        catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
        {
            return Task.FromResult(new PlanResult([], ex.Message));
        }
    }

    public async Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default)
    {
        await ApplyLock.WaitAsync(cancellationToken);
        try
        {
            var secrets = PasswordChangeSet.Check(passwords);
            HostPlan plan;
            try
            {
                plan = BuildPlan(state, secrets.Keys.Select(name => LinuxUserName.Parse(name)).ToList());
            }
            catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
            {
                return ApplyResult.Refused(ex.Message);
            }

            var missing = secrets.Keys.Where(name => !plan.Actions.OfType<SetPasswordAction>().Any(a => a.Name.Value == name)).ToList();
            if (missing.Count > 0)
            {
                return ApplyResult.Refused($"Cannot set a password for {string.Join(", ", missing)}: not a user in the desired state.");
            }

            var started = new List<PlanStep>();
            if (webServer is { Profile.Mode: WebServerMode.Dedicated })
            {
                // The vhost installer reloads a running server; a dedicated one is started first, with its own config only.
                webServer.PrepareDedicated();
                if (webServer.DedicatedPid is null)
                {
                    await webServer.StartDedicatedAsync(cancellationToken);
                    started.Add(new PlanStep(PlanStepKind.ReloadService, "web server", "start the dedicated web server"));
                }
            }

            var result = plan.IsEmpty ? new ApplyResult(true, []) : await actions.RunAsync(plan, secrets, cancellationToken);
            result = result with { Applied = [.. started, .. result.Applied] };

            RecordManifest(state, result.Succeeded);
            if (result.Succeeded && await sshd.EnsureDedicatedRunningAsync(cancellationToken))
            {
                result = result with { Applied = [.. result.Applied, new PlanStep(PlanStepKind.ReloadService, "sshd", "start the dedicated sshd")] };
            }

            logger.LogInformation("Apply {Outcome}: {Count} change(s){Error}", result.Succeeded ? "succeeded" : "failed", result.Applied.Count, result.Error is null ? string.Empty : ": " + result.Error);
            return result;
        }
        catch (InputRejectedException ex)
        {
            return ApplyResult.Refused(ex.Message);
        }
        finally
        {
            ApplyLock.Release();
        }
    }

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default)
    {
        try
        {
            var plan = BuildPlan(state, []);
            return Task.FromResult(new ReconcileResult(plan.Steps.Where(s => s.Kind != PlanStepKind.ReloadService).ToList()));
        }
        catch (Exception ex) when (ex is InputRejectedException or PlanRefusedException)
        {
            return Task.FromResult(new ReconcileResult([], ex.Message));
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
            CanChangeHost: Environment.UserName == "root");
    }

    private HostPlan BuildPlan(DesiredStateDto dto, IReadOnlyCollection<LinuxUserName> passwordUsers)
    {
        var desired = DesiredStateParser.Parse(dto, profile);
        var target = TargetBuilder.Build(desired, profile);
        var snapshot = inspector.Inspect(target);
        var plan = Planner.Plan(target, snapshot, profile, passwordUsers);
        if (vhosts is null)
        {
            return plan;
        }

        var sites = desired.Sites.Select(site => new VhostSite(site)).ToList();
        var wanted = desired.Sites.Select(site => site.Domain.Value).ToHashSet(StringComparer.Ordinal);
        var removals = snapshot.Manifest.Sites.Where(d => !wanted.Contains(d)).Select(d => SiteDomain.Parse(d)).ToList();
        try
        {
            var changes = vhosts.Preview(sites, removals);
            return changes.Count == 0 ? plan : plan.InsertBeforeSshd(new ConvergeVhostsAction(sites, removals, changes));
        }
        catch (UnsafePathException ex)
        {
            throw new PlanRefusedException(ex.Message);
        }
    }

    /// <summary>After a failure the manifest keeps the union, so anything half-created is still SftpJail's to clean up later.</summary>
    private void RecordManifest(DesiredStateDto dto, bool succeeded)
    {
        var desired = DesiredStateParser.Parse(dto, profile);
        var sites = desired.Sites.Select(s => s.Domain.Value);
        var users = desired.AllUsers.Select(p => p.User.Name.Value);
        if (!succeeded)
        {
            var previous = manifests.Load();
            sites = sites.Concat(previous.Sites);
            users = users.Concat(previous.Users);
        }

        manifests.Save(new ExecutorManifest(sites.ToList(), users.ToList()));
    }
}
