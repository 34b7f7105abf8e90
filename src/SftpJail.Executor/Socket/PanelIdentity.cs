namespace SftpJail.Executor.Socket;

/// <summary>The panel's uid (who may connect) and the socket's group (who can reach the socket file), resolved once at start.</summary>
public sealed record PanelIdentity(uint Uid, uint Gid)
{
    public static PanelIdentity Resolve(ExecutorSocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var uid = options.PanelUid is { } u
            ? (uint)u
            : AccountLookup.FindUserId(options.PanelUser!)
              ?? throw new InvalidOperationException(
                  $"The panel user '{options.PanelUser}' (Executor:PanelUser) does not exist: run deploy/install.sh, or set Executor:PanelUid.");
        var gid = options.PanelGid is { } g
            ? (uint)g
            : AccountLookup.FindGroupId(options.PanelGroup!)
              ?? throw new InvalidOperationException(
                  $"The panel group '{options.PanelGroup}' (Executor:PanelGroup) does not exist: run deploy/install.sh, or set Executor:PanelGid.");
        return new PanelIdentity(uid, gid);
    }
}
