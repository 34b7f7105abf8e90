using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;

namespace SftpJail.Executor;

/// <summary>
/// The privileged engine: re-validates a desired state, inspects the host, plans and applies. Used in-process by the
/// CLI (run as root) and behind the Unix socket by the daemon.
/// </summary>
public sealed partial class ExecutorEngine : IExecutorGateway
{
    private readonly HostProfile profile;
    private readonly ILogger logger;

    private ExecutorEngine(HostProfile profile, ILogger logger)
    {
        this.profile = profile;
        this.logger = logger;
    }

    public static ExecutorEngine Create(HostProfile profile, ILoggerFactory loggerFactory) =>
        new(profile, loggerFactory.CreateLogger<ExecutorEngine>());

    public Task<PlanResult> PlanAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<ReconcileResult> ReconcileAsync(DesiredStateDto state, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();

    public Task<HostInfo> GetHostInfoAsync(CancellationToken cancellationToken = default) =>
        throw new NotImplementedException();
}
