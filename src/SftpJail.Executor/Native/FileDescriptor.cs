using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

/// <summary>An owned Unix file descriptor, closed on dispose (or by the finalizer if a caller forgets).</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    public int Value => IsClosed ? throw new ObjectDisposedException(nameof(FileDescriptor)) : (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
