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

    private ExecutorEngine(HostProfile profile, ILogger logger, IProcessRunner runner)
    {
        this.profile = profile;
        this.logger = logger;
        this.runner = runner;
        files = new HostFileSystem(WritableRoots(profile));
        hostKeys = new HostKeys(profile, runner);
        sshd = new SshdController(profile, runner, hostKeys, logger);
        manifests = new ManifestStore(profile, files);
        inspector = new HostInspector(profile, files, manifests);
        actions = new ActionRunner(files, new SystemAccounts(runner), sshd, logger);
    }

    public HostProfile Profile => profile;

    public static ExecutorEngine Create(HostProfile profile, ILoggerFactory loggerFactory) =>
        new(profile, loggerFactory.CreateLogger<ExecutorEngine>(), new ProcessRunner());

    /// <summary>The only places the executor ever writes; everything else is read-only to it.</summary>
    public static IReadOnlyList<AbsolutePath> WritableRoots(HostProfile profile)
    {
        var roots = new List<AbsolutePath> { profile.JailRoot, profile.AuthorizedKeysDir.Parent!, profile.StateDir, profile.SshdDropInPath.Parent! };
        if (profile.Mode == SshdMode.Dedicated)
        {
            roots.Add(profile.SshdMainConfigPath.Parent!);
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

            var result = plan.IsEmpty ? new ApplyResult(true, []) : await actions.RunAsync(plan, secrets, cancellationToken);
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
        return Planner.Plan(target, inspector.Inspect(target), profile, passwordUsers);
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
