namespace SftpJail.Web.Executor;

/// <summary>Which executor the panel talks to, decided once at startup; shown in the layout and on the Host page.</summary>
public sealed record ExecutorConnection(ExecutorMode Mode, string? SocketPath)
{
    public bool IsPreview => Mode == ExecutorMode.Preview;

    public string Description => Mode switch
    {
        ExecutorMode.Socket => $"executor daemon on {SocketPath}",
        ExecutorMode.Spawn => $"executor daemon started by the panel on {SocketPath}",
        _ => "preview: plans are computed in the panel and nothing is changed on this host",
    };

    public static ExecutorMode Resolve(ExecutorMode? configured, bool isDevelopment, bool isRoot) =>
        configured ?? (!isRoot ? ExecutorMode.Preview : isDevelopment ? ExecutorMode.Spawn : ExecutorMode.Socket);
}
