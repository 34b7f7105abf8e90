using System.Runtime.InteropServices;

namespace SftpJail.Executor.Sshd;

internal static partial class Signals
{
    public const int SIGHUP = 1;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static void Send(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"Could not signal process {pid}: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public static bool IsAlive(int pid) => pid > 0 && Kill(pid, 0) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
