using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Sshd;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>
/// The last check before a usermod or userdel: even a plan made before the account was swapped (deleted, then made
/// again by hand with another uid) does not touch the new account.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class RecordedUidCheckTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_usermod_or_userdel_of_a_managed_name_with_another_uid_is_refused()
    {
        var user = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("swap.example", User(user))))).Succeeded);
        var target = new JailUserTarget(LinuxUserName.Parse(user), SiteDomain.Parse("swap.example"), host.Profile.ChrootFor(SiteDomain.Parse("swap.example")),
            AbsolutePath.Parse("/usr/sbin/nologin"), [host.Profile.JailGroup, host.Profile.WebGroup], Expired: false);
        var observed = new ObservedUser(user, "/home/elsewhere", "/bin/bash", [], false);
        await SwapForHandMadeAccountAsync(user);
        var runner = Runner();

        var updated = await runner.RunAsync(new HostPlan([new UpdateUserAction(target, observed, ["shell /bin/bash → /usr/sbin/nologin"])]), new Dictionary<string, string>(), default);
        var removed = await runner.RunAsync(new HostPlan([new RemoveUserAction(LinuxUserName.Parse(user))]), new Dictionary<string, string>(), default);

        Assert.False(updated.Succeeded);
        Assert.Contains("not the uid", updated.Error, StringComparison.Ordinal);
        Assert.False(removed.Succeeded);
        Assert.Contains("it is not the account SftpJail manages, so it is left unchanged", removed.Error, StringComparison.Ordinal);
        var passwd = (await HostCommand.RunAsync("getent", ["passwd", user])).StandardOutput.Trim();
        Assert.EndsWith(":/bin/bash", passwd, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Split(':')[7]);
    }

    private static async Task SwapForHandMadeAccountAsync(string user)
    {
        var uid = uint.Parse((await HostCommand.RunAsync("id", ["-u", user])).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);
        var passwd = await File.ReadAllTextAsync("/etc/passwd");
        var otherUid = Enumerable.Range(1, 500).Select(i => uid + (uint)i).First(candidate => !passwd.Contains($":{candidate}:", StringComparison.Ordinal));
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "--uid", otherUid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shell", "/bin/bash", user])).ExitCode);
    }

    private ActionRunner Runner()
    {
        var files = new HostFileSystem(ExecutorEngine.WritableRoots(host.Profile));
        var processes = new ProcessRunner();
        var sshd = new SshdController(host.Profile, processes, new HostKeys(host.Profile, processes), NullLogger.Instance);
        return new ActionRunner(files, new SystemAccounts(processes), sshd, NullLogger.Instance, manifests: new ManifestStore(host.Profile, files));
    }
}
