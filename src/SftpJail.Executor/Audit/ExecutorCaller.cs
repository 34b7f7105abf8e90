using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Audit;

/// <summary>Who asked the executor for something: the kernel's word for a socket peer, or this process itself.</summary>
public sealed record ExecutorCaller(uint Uid, int Pid, string Via)
{
    /// <summary>The CLI run as root with the engine in-process, the enrolment timer, a test.</summary>
    public static ExecutorCaller InProcess { get; } = new(Native.LibC.getuid(), Environment.ProcessId, "in-process");

    /// <summary>Root may change host access directly: it owns the executor, its key and its state anyway.</summary>
    public bool IsRoot => Uid == 0;

    public static ExecutorCaller FromPeer(PeerCredentials peer) => new(peer.Uid, peer.Pid, "socket");

    public override string ToString() => $"uid {Uid} pid {Pid} ({Via})";
}

/// <summary>An engine that applies on behalf of a named caller, so host-access changes can be held for root's approval.</summary>
public interface ICallerAwareGateway
{
    Task<Core.Contract.ApplyResult> ApplyAsync(
        Core.Contract.DesiredStateDto state,
        IReadOnlyList<Core.Contract.PasswordChange> passwords,
        ExecutorCaller caller,
        CancellationToken cancellationToken = default);
}
