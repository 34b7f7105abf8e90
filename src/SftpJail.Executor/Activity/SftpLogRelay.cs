using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Activity;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Activity;

/// <summary>
/// internal-sftp runs chrooted and logs through syslog(3), i.e. to <c>/dev/log</c> inside the chroot, which does not
/// exist there: without a socket in each chroot its messages are lost (the classic fix is one rsyslog socket per
/// chroot). This relay binds <c>CHROOT/dev/log</c> for each managed chroot and appends every internal-sftp message it
/// receives, stamped on arrival, as one line to a file the <see cref="ActivityLogReader"/> follows. A datagram is one
/// message, so nothing a customer names a file can split one message into two lines.
/// </summary>
public sealed partial class SftpLogRelay(string outputFile, ILogger logger, TimeProvider? time = null) : IAsyncDisposable
{
    /// <summary>Past this size the file is renamed to .1 (one old generation kept); the reader notices the new inode.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private readonly Dictionary<string, Listener> listeners = new(StringComparer.Ordinal);
    private readonly Lock writeLock = new();
    private readonly TimeProvider clock = time ?? TimeProvider.System;

    // glibc's format: "<PRI>Mmm dd hh:mm:ss ident[pid]: message" (no host name).
    [GeneratedRegex(@"^<\d{1,3}>(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} )?([A-Za-z0-9_.-]{1,64})\[(\d{1,10})\]: (.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Datagram();

    public IReadOnlyCollection<string> Chroots => listeners.Keys;

    /// <summary>Binds a socket in each of <paramref name="chroots"/> not yet served, and closes those no longer listed.</summary>
    public void Sync(IEnumerable<string> chroots)
    {
        var wanted = chroots.ToHashSet(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Its existence tells the reader that internal-sftp's messages are being collected, before the first one arrives.
        using (new FileStream(outputFile, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
        }
        foreach (var gone in listeners.Keys.Where(c => !wanted.Contains(c)).ToList())
        {
            listeners.Remove(gone, out var listener);
            listener!.Dispose();
        }

        foreach (var chroot in wanted.Where(c => !listeners.ContainsKey(c)))
        {
            try
            {
                listeners[chroot] = Bind(chroot);
            }
            catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or InvalidOperationException)
            {
                logger.LogWarning("Cannot relay internal-sftp's log in {Chroot}: {Reason}", chroot, e.Message);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var listener in listeners.Values)
        {
            listener.Dispose();
        }

        listeners.Clear();
        return ValueTask.CompletedTask;
    }

    private Listener Bind(string chroot)
    {
        // The chroot is root's (sshd insists), so nobody but root can put a link at dev/ or dev/log.
        if (UnixFileStatus.Read(chroot) is not { Kind: UnixFileKind.Directory, Uid: 0 })
        {
            throw new InvalidOperationException("the chroot is not a root-owned directory");
        }

        var dev = Path.Combine(chroot, "dev");
        switch (UnixFileStatus.Read(dev)?.Kind)
        {
            case null:
                Directory.CreateDirectory(dev, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                    | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                break;
            case UnixFileKind.Directory:
                break;
            default:
                throw new InvalidOperationException($"{dev} is not a directory");
        }

        var path = Path.Combine(dev, "log");
        switch (UnixFileStatus.Read(path)?.Kind)
        {
            case UnixFileKind.Socket:
                File.Delete(path);
                break;
            case null:
                break;
            default:
                throw new InvalidOperationException($"{path} exists and is not a socket");
        }

        var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
            // The session process runs as the customer and must be able to send.
            File.SetUnixFileMode(path, (UnixFileMode)0x1B6);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var listener = new Listener(socket, path);
        listener.Loop = Task.Run(() => ReceiveAsync(listener));
        return listener;
    }

    private async Task ReceiveAsync(Listener listener)
    {
        var buffer = new byte[8192];
        while (!listener.Stop.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await listener.Socket.ReceiveAsync(buffer, SocketFlags.None, listener.Stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Accept(Encoding.UTF8.GetString(buffer, 0, length));
        }
    }

    /// <summary>Keeps internal-sftp's messages only; anything else sent to the socket is dropped.</summary>
    internal bool Accept(string datagram)
    {
        if (Datagram().Match(datagram.TrimEnd('\n', '\0')) is not { Success: true } match
            || !SshdActivityParser.IsSftpServer(match.Groups[1].Value)
            || !int.TryParse(match.Groups[2].Value, out var pid))
        {
            return false;
        }

        var line = SyslogLineParser.Format(clock.GetUtcNow(), match.Groups[1].Value, pid, match.Groups[3].Value) + "\n";
        lock (writeLock)
        {
            try
            {
                if (new FileInfo(outputFile) is { Exists: true, Length: > MaxFileBytes })
                {
                    File.Move(outputFile, outputFile + ".1", overwrite: true);
                }

                using var stream = new FileStream(outputFile, new FileStreamOptions
                {
                    Mode = FileMode.Append,
                    Access = FileAccess.Write,
                    Share = FileShare.ReadWrite,
                    UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                });
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
            catch (IOException e)
            {
                logger.LogWarning("Cannot append to {File}: {Reason}", outputFile, e.Message);
                return false;
            }
        }

        return true;
    }

    private sealed class Listener(System.Net.Sockets.Socket socket, string path) : IDisposable
    {
        public System.Net.Sockets.Socket Socket => socket;

        public CancellationTokenSource Stop { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;

        public void Dispose()
        {
            Stop.Cancel();
            socket.Dispose();
            try
            {
                File.Delete(path);
                Directory.Delete(Path.GetDirectoryName(path)!);
            }
            catch (IOException)
            {
                // dev/ holds something else: leave it.
            }

            Stop.Dispose();
        }
    }
}
