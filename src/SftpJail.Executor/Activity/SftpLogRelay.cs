using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Activity;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor.Activity;

/// <summary>
/// internal-sftp runs chrooted and logs through syslog(3), i.e. to <c>/dev/log</c> inside the chroot, which does not
/// exist there: without a socket in each chroot its messages are lost. This relay binds one datagram socket
/// (<c>JAILROOT/.sftpjail-relay/log</c>) and gives each managed chroot a hard link to it at <c>dev/log</c>, so one
/// descriptor and one receive loop serve every jail whatever their number; a chroot on another file system (its own
/// mount, where a link fails with EXDEV) gets a socket of its own instead. Every internal-sftp message received is
/// appended, stamped on arrival, as one line to a file the <see cref="ActivityLogReader"/> follows (attribution is by
/// the session's pid, so nothing is lost by sharing a socket). A datagram is one message, so nothing a customer names a
/// file can split one message into two lines. The <c>dev/</c> entries are <see cref="RelayDevEntries"/>'.
/// </summary>
public sealed partial class SftpLogRelay : IAsyncDisposable
{
    /// <summary>Past this size the file is renamed to .1 (one old generation kept); the reader notices the new inode.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private const UnixFileMode AnyoneMaySend = (UnixFileMode)0x1B6; // 0666: the session process runs as the customer

    private readonly string outputFile;
    private readonly HostFileSystem? files;
    private readonly AbsolutePath? jailRoot;
    private readonly ILogger logger;
    private readonly HashSet<string> served = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RelayListener> ownSockets = new(StringComparer.Ordinal);
    private readonly HashSet<string> warned = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> unserved = new(StringComparer.Ordinal);
    private readonly Lock writeLock = new();
    private readonly TimeProvider clock;
    private readonly RelaySenderCheck senders;
    private readonly ForgedDatagrams forged;
    private RelayListener? master;
    private ulong masterInode;

    // glibc's format: "<PRI>Mmm dd hh:mm:ss ident[pid]: message" (no host name).
    [GeneratedRegex(@"^<\d{1,3}>(?:[A-Z][a-z]{2} {1,2}\d{1,2} \d{2}:\d{2}:\d{2} )?([A-Za-z0-9_.-]{1,64})\[(\d{1,10})\]: (.*)$", RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex Datagram();

    /// <summary>Only formats and appends (<see cref="Accept"/>); <see cref="Sync"/> needs the other constructor.</summary>
    public SftpLogRelay(string outputFile, ILogger logger, TimeProvider? time = null, RelaySenderCheck? senderCheck = null)
    {
        this.outputFile = outputFile;
        this.logger = logger;
        clock = time ?? TimeProvider.System;
        senders = senderCheck ?? new RelaySenderCheck();
        forged = new ForgedDatagrams(logger, clock);
    }

    public SftpLogRelay(string outputFile, HostFileSystem files, AbsolutePath jailRoot, ILogger logger, TimeProvider? time = null)
        : this(outputFile, logger, time)
    {
        this.files = files;
        this.jailRoot = jailRoot;
    }

    /// <summary>The chroots whose <c>dev/log</c> reaches this relay.</summary>
    public IReadOnlyCollection<string> Chroots => served;

    /// <summary>The managed chroots it could not serve at its last sync, with why: their transfers are not logged.</summary>
    public IReadOnlyDictionary<string, string> Unserved => unserved;

    /// <summary>Datagrams dropped because their sender may not have written them (forged lines), since this relay started.</summary>
    public long ForgedCount => forged.Count;

    /// <summary>How many sockets it holds open: one, plus one per chroot on another file system.</summary>
    public int SocketCount => (master is null ? 0 : 1) + ownSockets.Count;

    /// <summary>
    /// Gives each of <paramref name="chroots"/> its <c>dev/log</c> (checking those already served: a link removed or
    /// replaced is made again) and takes SftpJail's <c>dev/</c> out of every recorded chroot no longer listed.
    /// </summary>
    public void Sync(IEnumerable<string> chroots)
    {
        if (files is null || jailRoot is null)
        {
            throw new InvalidOperationException("This relay was made without the jail root: it can only append.");
        }

        var wanted = chroots
            .Select(c => AbsolutePath.TryParse(c, out var path, out _) ? path : null)
            .OfType<AbsolutePath>()
            .Where(c => c.Parent == jailRoot)
            .ToDictionary(c => c.Value, StringComparer.Ordinal);
        var devs = new RelayDevEntries(files, jailRoot);
        if (wanted.Count == 0 && served.Count == 0 && ownSockets.Count == 0 && devs.Owned.Count == 0)
        {
            // No site yet: nothing is made on the host (an executor started with no customer touches nothing).
            return;
        }

        // Held to the end: the record read here is the one written back, whoever else (the CLI's apply) changes it.
        using var locked = devs.Lock();
        EnsureOutputFile();
        EnsureMaster(devs);
        unserved.Clear();

        devs.DeferRemovals = true;
        try
        {
            foreach (var gone in devs.Owned.Concat(served).Concat(ownSockets.Keys).Where(c => !wanted.ContainsKey(c)).Distinct(StringComparer.Ordinal).ToList())
            {
                served.Remove(gone);
                if (ownSockets.Remove(gone, out var own))
                {
                    own.Dispose();
                }

                TryRemove(devs, AbsolutePath.Parse(gone));
            }
        }
        finally
        {
            devs.Flush();
        }

        var ready = new List<AbsolutePath>();
        foreach (var chroot in wanted.Values)
        {
            if (IsServed(devs, chroot))
            {
                served.Add(chroot.Value);
                continue;
            }

            served.Remove(chroot.Value);
            if (Guard(chroot, () => devs.Refusal(chroot)) is null)
            {
                ready.Add(chroot);
            }
        }

        devs.Claim(ready);
        foreach (var chroot in ready)
        {
            Guard(chroot, () =>
            {
                Serve(devs, chroot);
                return null;
            });
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var listener in ownSockets.Values)
        {
            listener.Dispose();
        }

        ownSockets.Clear();
        master?.Dispose();
        master = null;
        served.Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>Its dev/log is still this relay's socket: a few lstat calls, so every sync checks every chroot.</summary>
    private bool IsServed(RelayDevEntries devs, AbsolutePath chroot)
    {
        try
        {
            return devs.Owned.Contains(chroot.Value)
                && (devs.IsLinkedTo(chroot, masterInode) || (ownSockets.TryGetValue(chroot.Value, out var own) && devs.IsLinkedTo(chroot, own.Inode)));
        }
        catch (PosixException)
        {
            return false;
        }
    }

    /// <summary>Runs one chroot's step; a failure (or a refusal it returns) is that chroot's alone, warned about once.</summary>
    private string? Guard(AbsolutePath chroot, Func<string?> step)
    {
        string? refusal;
        try
        {
            refusal = step();
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException or PosixException or UnsafePathException or InvalidOperationException)
        {
            served.Remove(chroot.Value);
            refusal = e.Message;
        }

        if (refusal is not null)
        {
            unserved[chroot.Value] = refusal;
            WarnOnce(chroot, refusal);
        }

        return refusal;
    }

    private void Serve(RelayDevEntries devs, AbsolutePath chroot)
    {
        devs.MakeDev(chroot);
        if (ownSockets.Remove(chroot.Value, out var stale))
        {
            stale.Dispose();
        }

        if (!devs.TryLink(chroot, devs.MasterSocket))
        {
            devs.RemoveLog(chroot);
            ownSockets[chroot.Value] = Bind(RelayDevEntries.DevOf(chroot).Combine(RelayDevEntries.LogName));
        }

        served.Add(chroot.Value);
        warned.Remove(chroot.Value);
    }

    private void TryRemove(RelayDevEntries devs, AbsolutePath chroot)
    {
        try
        {
            if (devs.Remove(chroot) is { } left)
            {
                WarnOnce(chroot, left);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PosixException or UnsafePathException)
        {
            WarnOnce(chroot, e.Message);
        }
    }

    /// <summary>Binds the shared socket once per process; a socket left by an earlier run is replaced (its links are remade).</summary>
    private void EnsureMaster(RelayDevEntries devs)
    {
        if (master is not null)
        {
            return;
        }

        devs.EnsureStateDirectory();
        if (UnixFileStatus.Read(devs.MasterSocket.Value) is { Kind: UnixFileKind.Socket })
        {
            files!.RemoveFile(devs.MasterSocket);
        }

        master = Bind(devs.MasterSocket);
        masterInode = master.Inode;
    }

    private void EnsureOutputFile()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(outputFile)!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Its existence tells the reader that internal-sftp's messages are being collected, before the first one arrives.
        using (new FileStream(outputFile, new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
        }
    }

    private void WarnOnce(AbsolutePath chroot, string reason)
    {
        if (warned.Add(chroot.Value))
        {
            logger.LogWarning("Cannot relay internal-sftp's log in {Chroot}: {Reason}", chroot.Value, reason);
        }
    }

    private RelayListener Bind(AbsolutePath path)
    {
        var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path.Value));
            File.SetUnixFileMode(path.Value, AnyoneMaySend);
            if (!Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat))
            {
                throw new IOException($"{path} vanished after it was bound");
            }

            var listener = new RelayListener(socket, stat.Inode, (datagram, sender) => Accept(datagram, sender));
            listener.Start();
            return listener;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Keeps internal-sftp's messages only, and of those only the ones <paramref name="sender"/> may have written
    /// (<see cref="RelaySenderCheck"/>); anything else sent to the socket is dropped, a forged line counted.
    /// </summary>
    internal bool Accept(string datagram, RelaySender? sender)
    {
        if (Datagram().Match(datagram.TrimEnd('\n', '\0')) is not { Success: true } match
            || !SshdActivityParser.IsSftpServer(match.Groups[1].Value)
            || !int.TryParse(match.Groups[2].Value, out var pid))
        {
            return false;
        }

        if (senders.Refusal(sender, pid, match.Groups[3].Value) is { } refusal)
        {
            forged.Drop(sender, refusal);
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
}
