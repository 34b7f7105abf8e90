using System.Runtime.InteropServices;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// The locks shadow-utils takes before it rewrites the account files, taken the same way so that useradd, usermod,
/// passwd or vipw running at the same moment wait for this writer and it for them: lckpwdf(3) (for the system's /etc),
/// then <c>&lt;file&gt;.lock</c> holding this process's pid for each file (a lock left by a dead process is removed,
/// as shadow-utils does).
/// </summary>
internal sealed partial class AccountFileLock : IDisposable
{
    private static readonly string[] Files = ["passwd", "shadow", "group", "gshadow"];
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private readonly List<string> held = [];
    private readonly bool system;

    private AccountFileLock(bool system) => this.system = system;

    public static AccountFileLock Take(string etcDir)
    {
        var system = Path.GetFullPath(etcDir) == "/etc";
        if (system && lckpwdf() != 0)
        {
            throw new IOException($"Cannot lock the account files (lckpwdf: errno {Marshal.GetLastPInvokeError()}): another program holds them.");
        }

        var taken = new AccountFileLock(system);
        try
        {
            foreach (var name in Files)
            {
                taken.Lock(Path.Combine(etcDir, name + ".lock"));
            }

            return taken;
        }
        catch
        {
            taken.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var path in held)
        {
            File.Delete(path);
        }

        held.Clear();
        if (system)
        {
            _ = ulckpwdf();
        }
    }

    private void Lock(string path)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                // CreateNew is O_CREAT|O_EXCL: never follows or reuses what is there.
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                {
                    file.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                held.Add(path);
                return;
            }
            catch (IOException) when (File.Exists(path))
            {
                if (HolderIsGone(path))
                {
                    File.Delete(path);
                    continue;
                }

                if (DateTime.UtcNow > deadline)
                {
                    throw new IOException($"Cannot lock {path}: another program holds it.");
                }

                Thread.Sleep(100);
            }
        }
    }

    private static bool HolderIsGone(string path)
    {
        try
        {
            var text = File.ReadAllText(path).Trim();
            return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid > 0 && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}");
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int lckpwdf();

    [LibraryImport("libc", SetLastError = true)]
    private static partial int ulckpwdf();
}
