using System.Runtime.InteropServices;

namespace SftpJail.Data.Storage;

/// <summary>
/// A file opened with open(2) itself, for <c>flock</c> only. A FileStream will not do: .NET takes its own flock to
/// emulate FileShare and refuses to open a file another holder has locked, where a queue needs to open it and wait.
/// </summary>
internal sealed class LockFile : SafeHandle
{
    private const int ReadOnly = 0x0;
    private const int Create = 0x40;
    private const int Exclusive = 0x80;
    private const int CloseOnExec = 0x80000;
    private const int NoSuchFile = 2; // ENOENT
    private const int Interrupted = 4; // EINTR
    private const int WouldBlock = 11; // EWOULDBLOCK
    private const int LockShared = 1;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>0644, like the database's other side files: the panel's user and root (the CLI) can both open and lock it.</summary>
    private const int Mode = 0b110_100_100;

    private LockFile(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    public static LockFile OpenOrCreate(string path) => Open(path, Create) ?? throw new IOException($"Cannot create {path}.");

    /// <summary>Creates the file; throws if it exists.</summary>
    public static LockFile CreateNew(string path) => Open(path, Create | Exclusive) ?? throw new IOException($"Cannot create {path}.");

    /// <summary>Null when the file does not exist (its owner removed it).</summary>
    public static LockFile? OpenExisting(string path) => Open(path, 0);

    public bool TryExclusive() => TryLock(LockExclusive);

    public bool TryShared() => TryLock(LockShared);

    protected override bool ReleaseHandle() => CloseFd((int)handle) == 0;

    private static LockFile? Open(string path, int flags)
    {
        while (true)
        {
            var fd = OpenFd(path, ReadOnly | CloseOnExec | flags, Mode);
            if (fd >= 0)
            {
                return new LockFile(fd);
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == NoSuchFile && (flags & Create) == 0)
            {
                return null;
            }

            if (errno != Interrupted)
            {
                throw new IOException($"Cannot open {path}: errno {errno}.");
            }
        }
    }

    private bool TryLock(int operation)
    {
        while (true)
        {
            if (Flock((int)handle, operation | LockNonBlocking) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == WouldBlock)
            {
                return false;
            }

            if (errno != Interrupted)
            {
                throw new IOException($"flock failed: errno {errno}.");
            }
        }
    }

    // DllImport: plain int arguments and a UTF-8 path; this project compiles without unsafe code.
    [DllImport("libc", EntryPoint = "open", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
    private static extern int OpenFd(string path, int flags, int mode);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int CloseFd(int fd);

    [DllImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static extern int Flock(int fd, int operation);
}
