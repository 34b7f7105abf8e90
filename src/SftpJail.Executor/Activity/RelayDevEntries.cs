using System.Net.Sockets;
using System.Runtime.InteropServices;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Activity;

/// <summary>
/// The <c>dev/</c> entries the log relay puts in chroots, and the record that says which are SftpJail's. The record
/// (<c>JAILROOT/.sftpjail-relay/dev-entries</c>, one chroot a line) is written before a <c>dev/</c> is made, so a crash
/// between the two leaves an entry the next run recognises; a chroot leaves the record only once its <c>dev/</c> is gone.
/// Everything is done through <see cref="HostFileSystem"/> (no link followed below the jail root) and only ever removes
/// a socket and then an empty directory: whatever else is in a <c>dev/</c> is left, and so is the <c>dev/</c> itself.
/// </summary>
internal sealed class RelayDevEntries(HostFileSystem files, AbsolutePath jailRoot)
{
    public const string StateDirectoryName = ".sftpjail-relay";
    public const string DevName = "dev";
    public const string LogName = "log";

    /// <summary>A new link is made under this name and renamed over <c>log</c>, so <c>dev/log</c> is never missing.</summary>
    public const string NewLogName = "log.sftpjail-new";

    private const int DevMode = 0b111_101_101; // 0755, root's: a customer can neither add to it nor replace log
    private const int StateMode = 0b111_000_000; // 0700
    private const int RecordMode = 0b110_000_000; // 0600
    private const int SocketType = 0xC000;

    private HashSet<string>? owned;
    private bool pendingRemovals;
    private FileDescriptor? held;

    public AbsolutePath StateDirectory => jailRoot.Combine(StateDirectoryName);

    /// <summary>The relay's one socket: every chroot's <c>dev/log</c> is a hard link to it.</summary>
    public AbsolutePath MasterSocket => StateDirectory.Combine("log");

    private AbsolutePath RecordFile => StateDirectory.Combine("dev-entries");

    /// <summary>For a chroot directly under the jail root (where <c>HostProfile.ChrootFor</c> puts every one).</summary>
    public static RelayDevEntries For(HostFileSystem files, AbsolutePath chroot) => new(files, chroot.Parent!);

    /// <summary>The chroots whose <c>dev/</c> is SftpJail's.</summary>
    public IReadOnlySet<string> Owned => owned ??= Load();

    public static AbsolutePath DevOf(AbsolutePath chroot) => chroot.Combine(DevName);

    public void EnsureStateDirectory() => files.EnsureDirectory(StateDirectory, 0, 0, StateMode);

    /// <summary>
    /// Takes the record's cross-process lock (<see cref="RelayRecordLock"/>) until disposed, making the state directory
    /// if need be, and reads the record again under it. Inside a lock this instance already holds, a no-op.
    /// </summary>
    public IDisposable Lock()
    {
        if (held is not null)
        {
            return NoRelease.Instance;
        }

        // Only when missing: making sure of its owner and mode each time would chown it on every sync (a new ctime).
        if (files.Inspect(StateDirectory).Kind == FileKind.Missing)
        {
            EnsureStateDirectory();
        }

        held = RelayRecordLock.Take(StateDirectory);
        owned = null;
        return new Release(this);
    }

    /// <summary>As <see cref="Lock"/>, but nothing is made or locked where the relay never ran (no state directory, no record).</summary>
    public IDisposable LockIfRecorded() =>
        files.Inspect(StateDirectory).Kind == FileKind.Missing ? NoRelease.Instance : Lock();

    /// <summary>
    /// True when the chroot's <c>dev/</c> is SftpJail's and holds nothing but its socket: a site whose chroot holds
    /// only that and its <c>html/</c> is as empty as one without it. Read-only (a preview asks this too).
    /// </summary>
    public bool HoldsOnlyRelay(AbsolutePath chroot)
    {
        var dev = DevOf(chroot);
        return Owned.Contains(chroot.Value)
            && files.Inspect(dev) is { Kind: FileKind.Directory, Uid: 0 }
            && Directory.EnumerateFileSystemEntries(dev.Value).Select(Path.GetFileName).All(name => name is LogName or NewLogName && IsSocket(dev.Combine(name!), out _));
    }

    /// <summary>
    /// Why the relay must leave this chroot's <c>dev/</c> alone, or null when it may serve it: a missing or recorded
    /// <c>dev/</c> is SftpJail's; one that is there and not in the record is adopted only when it holds nothing or only
    /// a socket nobody listens on (a restored archive's), otherwise it is someone else's (an rsyslog socket). Read-only.
    /// </summary>
    public string? Refusal(AbsolutePath chroot)
    {
        if (files.Inspect(chroot) is not { Kind: FileKind.Directory, Uid: 0 })
        {
            return "the chroot is not a root-owned directory";
        }

        var dev = DevOf(chroot);
        var entry = files.Inspect(dev);
        if (entry.Kind == FileKind.Missing)
        {
            return null;
        }

        if (entry is not { Kind: FileKind.Directory, Uid: 0 })
        {
            return $"{dev} is not a root-owned directory";
        }

        if (Owned.Contains(chroot.Value))
        {
            return null;
        }

        var names = Directory.EnumerateFileSystemEntries(dev.Value).Select(Path.GetFileName).OfType<string>().ToList();
        return names.Any(name => name is not (LogName or NewLogName) || !IsSocket(dev.Combine(name), out _) || Listens(dev.Combine(name)))
            ? $"{dev} holds something that is not SftpJail's (a socket another syslog daemon listens on?): left as it is"
            : null;
    }

    /// <summary>Records the chroots (one write, before any of their <c>dev/</c> is made: the record is the intent).</summary>
    public void Claim(IEnumerable<AbsolutePath> chroots)
    {
        var set = owned ??= Load();
        var before = set.Count;
        set.UnionWith(chroots.Select(c => c.Value));
        if (set.Count != before)
        {
            Save(set);
        }
    }

    /// <summary>Makes a claimed chroot's <c>dev/</c> (root's, 0755) if it is missing; never follows a link.</summary>
    public void MakeDev(AbsolutePath chroot)
    {
        if (!Owned.Contains(chroot.Value))
        {
            throw new InvalidOperationException($"{chroot} is not claimed: its dev/ would be made without a record of it");
        }

        files.EnsureDirectory(DevOf(chroot), 0, 0, DevMode);
    }

    /// <summary>Puts a hard link to <paramref name="master"/> at <c>dev/log</c> (atomically replacing what is there). False on EXDEV.</summary>
    public bool TryLink(AbsolutePath chroot, AbsolutePath master)
    {
        var log = DevOf(chroot).Combine(LogName);
        using var dev = files.OpenParentForChange(log, out _);
        Posix.UnlinkAt(dev, NewLogName, log.Value);
        if (RelayNative.linkat(LibC.AtFdCwd, master.Value, dev.Value, NewLogName, 0) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == Errno.EXDEV ? false : throw new PosixException("link", log.Value, errno);
        }

        Posix.RenameAt(dev, NewLogName, dev, LogName, log.Value);
        return true;
    }

    /// <summary>Removes a socket at <c>dev/log</c> that is there (before the fallback binds its own socket).</summary>
    public void RemoveLog(AbsolutePath chroot)
    {
        var log = DevOf(chroot).Combine(LogName);
        if (IsSocket(log, out _))
        {
            files.RemoveFile(log);
        }
    }

    /// <summary>True when <c>dev/log</c> is a socket with this inode: nothing to do for that chroot.</summary>
    public bool IsLinkedTo(AbsolutePath chroot, ulong inode) =>
        IsSocket(DevOf(chroot).Combine(LogName), out var found) && found == inode;

    /// <summary>
    /// Takes SftpJail's <c>dev/</c> out of a chroot (its sockets, then the directory if that left it empty). Touches
    /// nothing in a chroot the record does not list. Returns what was left there, or null when no <c>dev/</c> of ours remains.
    /// </summary>
    public string? Remove(AbsolutePath chroot)
    {
        if (!Owned.Contains(chroot.Value))
        {
            return null;
        }

        using var locked = Lock();
        if (!Owned.Contains(chroot.Value))
        {
            return null;
        }

        var dev = DevOf(chroot);
        var entry = files.Inspect(dev);
        if (entry is { Kind: FileKind.Directory, Uid: 0 })
        {
            foreach (var name in new[] { LogName, NewLogName }.Where(name => IsSocket(dev.Combine(name), out _)))
            {
                files.RemoveFile(dev.Combine(name));
            }

            if (Directory.EnumerateFileSystemEntries(dev.Value).Any())
            {
                return $"{dev} holds more than SftpJail's log socket: left in place";
            }

            files.RemoveEmptyDirectory(dev);
        }
        else if (entry.Exists)
        {
            return $"{dev} is not a root-owned directory: left in place";
        }

        Forget(chroot);
        return null;
    }

    private bool IsSocket(AbsolutePath path, out ulong inode)
    {
        inode = 0;
        if (!Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat) || (stat.Mode & 0xF000) != SocketType)
        {
            return false;
        }

        inode = stat.Inode;
        return true;
    }

    /// <summary>A datagram socket nobody is bound to refuses a connect: that is a stale one.</summary>
    private static bool Listens(AbsolutePath socketPath)
    {
        using var probe = new System.Net.Sockets.Socket(AddressFamily.Unix, System.Net.Sockets.SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(socketPath.Value));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Removals are recorded when <see cref="Flush"/> is called if <see cref="DeferRemovals"/> (many at once: one write).</summary>
    public bool DeferRemovals { get; set; }

    public void Flush()
    {
        if (pendingRemovals)
        {
            pendingRemovals = false;
            Save(owned!);
        }
    }

    private void Forget(AbsolutePath chroot)
    {
        var set = owned ??= Load();
        if (!set.Remove(chroot.Value))
        {
            return;
        }

        if (DeferRemovals)
        {
            pendingRemovals = true;
            return;
        }

        Save(set);
    }

    private void Save(HashSet<string> set)
    {
        EnsureStateDirectory();
        new AtomicFileWriter(files).Write(RecordFile, string.Concat(set.Order(StringComparer.Ordinal).Select(c => c + "\n")), RecordMode);
    }

    private HashSet<string> Load() =>
        (files.ReadTextNoFollow(RecordFile) ?? string.Empty)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => AbsolutePath.TryParse(line, out var path, out _) && path!.Parent == jailRoot)
            .ToHashSet(StringComparer.Ordinal);

    private sealed class Release(RelayDevEntries entries) : IDisposable
    {
        public void Dispose()
        {
            entries.held?.Dispose();
            entries.held = null;
        }
    }

    private sealed class NoRelease : IDisposable
    {
        public static readonly NoRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
