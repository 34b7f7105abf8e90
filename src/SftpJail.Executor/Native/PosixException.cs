using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

/// <summary>A failed system call, carrying errno, the operation and the path it was applied to.</summary>
public sealed class PosixException : IOException
{
    public PosixException(string operation, string path, int errno)
        : base($"{operation} '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
    {
        Operation = operation;
        Path = path;
        Errno = errno;
        HResult = errno;
    }

    public string Operation { get; }

    public string Path { get; }

    public int Errno { get; }

    internal static PosixException FromLastError(string operation, string path) =>
        new(operation, path, Marshal.GetLastPInvokeError());
}
