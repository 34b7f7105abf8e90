using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace SftpJail.Executor.Socket;

/// <summary>
/// Creates the listening socket file safely: a root-owned directory only root can write, group-readable by the panel;
/// a stale socket from a previous run replaced, but never a file, directory or link someone else put there.
/// </summary>
internal static class SocketFile
{
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    public const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static System.Net.Sockets.Socket Bind(string path, PanelIdentity panel, int backlog, ILogger logger)
    {
        PrepareDirectory(Path.GetDirectoryName(path)!, panel, logger);
        RemoveStaleSocket(path, logger);

        var listener = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));

            // Until listen(2) nobody can connect, so the file's brief default mode exposes nothing.
            ChangeGroup(path, panel.Gid, logger);
            File.SetUnixFileMode(path, SocketMode);
            listener.Listen(backlog);
            return listener;
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    /// <summary>Removes the socket file if it is still a socket (a link or file put there since is left alone).</summary>
    public static void Remove(string path)
    {
        if (UnixFileStatus.Read(path) is { Kind: UnixFileKind.Socket })
        {
            File.Delete(path);
        }
    }

    private static void PrepareDirectory(string directory, PanelIdentity panel, ILogger logger)
    {
        var status = UnixFileStatus.Read(directory);
        if (status is null)
        {
            Directory.CreateDirectory(directory);
            ChangeGroup(directory, panel.Gid, logger);
            File.SetUnixFileMode(directory, DirectoryMode);
            logger.LogInformation("Created the socket directory {Directory} (0750, group {Gid}).", directory, panel.Gid);
            return;
        }

        if (status.Kind != UnixFileKind.Directory)
        {
            throw new InvalidOperationException($"The socket directory {directory} is a {Describe(status.Kind)}, not a directory; refusing to use it.");
        }

        if ((status.Mode & GroupOrOtherWrite) != 0 || status.Uid != SocketNativeMethods.GetEffectiveUserId())
        {
            // Whoever can write the directory can swap the socket for their own between our bind and the panel's connect.
            throw new InvalidOperationException(
                $"The socket directory {directory} must be owned by uid {SocketNativeMethods.GetEffectiveUserId()} and writable by it alone " +
                $"(it is uid {status.Uid}, mode {Octal(status.Mode)}).");
        }

        // systemd's RuntimeDirectory= is created root:root: adopt it while it is still empty, so the panel can enter it.
        if (status.Gid != panel.Gid && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            ChangeGroup(directory, panel.Gid, logger);
            File.SetUnixFileMode(directory, DirectoryMode);
            logger.LogInformation("Gave the empty socket directory {Directory} to group {Gid} (0750).", directory, panel.Gid);
        }
        else if (status.Gid != panel.Gid && (status.Mode & UnixFileMode.OtherExecute) == 0)
        {
            logger.LogWarning(
                "The socket directory {Directory} is group {Gid} and closed to others: the panel (group {PanelGid}) may not reach the socket.",
                directory,
                status.Gid,
                panel.Gid);
        }
    }

    private static void RemoveStaleSocket(string path, ILogger logger)
    {
        var status = UnixFileStatus.Read(path);
        if (status is null)
        {
            return;
        }

        if (status.Kind != UnixFileKind.Socket)
        {
            throw new InvalidOperationException($"{path} is a {Describe(status.Kind)}, not a socket; refusing to replace it. Remove it by hand if it is safe.");
        }

        using (var probe = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
                throw new InvalidOperationException($"Another executor is already listening on {path}.");
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
            {
                // Nobody listens: a leftover from a previous run.
            }
        }

        File.Delete(path);
        logger.LogInformation("Removed the stale socket {Path}.", path);
    }

    private static void ChangeGroup(string path, uint gid, ILogger logger)
    {
        if (SocketNativeMethods.LChown(path, SocketNativeMethods.GetEffectiveUserId(), gid) == 0)
        {
            return;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (!Environment.IsPrivilegedProcess)
        {
            // Development preview as an ordinary user: the panel then has to run as that same user.
            logger.LogWarning("Could not give {Path} to group {Gid}: {Error}.", path, gid, Marshal.GetPInvokeErrorMessage(errno));
            return;
        }

        throw new Win32Exception(errno, $"Could not give {path} to group {gid}: {Marshal.GetPInvokeErrorMessage(errno)}.");
    }

    private static string Describe(UnixFileKind kind) => kind switch
    {
        UnixFileKind.RegularFile => "regular file",
        UnixFileKind.Directory => "directory",
        UnixFileKind.SymbolicLink => "symbolic link",
        UnixFileKind.Socket => "socket",
        _ => "special file",
    };

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');
}
