using System.Runtime.InteropServices;

namespace SftpJail.Executor.Native;

internal static class ProcessTable
{
    /// <summary>kill(pid, 0): true while a process with that id exists (including a zombie not yet reaped).</summary>
    public static bool Exists(int pid) =>
        LibC.kill(pid, 0) == 0 || Marshal.GetLastPInvokeError() != Errno.ESRCH;

    public static bool IsRoot => LibC.getuid() == 0;
}
