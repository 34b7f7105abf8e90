using System.Diagnostics;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Tests.Support;

/// <summary>
/// Hands out unique account names (prefix "sjt") and deletes every user and group it handed out on dispose,
/// whether or not the test created them or already removed them.
/// </summary>
public sealed class TemporaryAccounts : IDisposable
{
    private readonly List<string> users = [];
    private readonly List<string> groups = [];

    public LinuxUserName NewUserName()
    {
        var name = TestNames.Random("sjt");
        users.Add(name);
        groups.Add(name); // the user-private group created by useradd --user-group
        return LinuxUserName.Parse(name);
    }

    public LinuxGroupName NewGroupName()
    {
        var name = TestNames.Random("sjt");
        groups.Add(name);
        return LinuxGroupName.Parse(name);
    }

    public void Dispose()
    {
        var failures = users.Select(user => Delete("/usr/sbin/userdel", user))
            .Concat(groups.Select(group => Delete("/usr/sbin/groupdel", group)))
            .OfType<string>()
            .ToList();
        if (failures.Count > 0)
        {
            throw new InvalidOperationException("Test cleanup failed: " + string.Join("; ", failures));
        }
    }

    private static string? Delete(string program, string name)
    {
        var startInfo = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        startInfo.ArgumentList.Add("--");
        startInfo.ArgumentList.Add(name);
        using var process = Process.Start(startInfo)!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();

        // Exit 6 is "does not exist": already gone, which is what cleanup wants.
        return process.ExitCode is 0 or 6 ? null : $"{program} {name} exited {process.ExitCode}";
    }
}
