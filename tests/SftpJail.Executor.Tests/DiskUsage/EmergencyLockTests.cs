using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.DiskUsage;

namespace SftpJail.Executor.Tests.DiskUsage;

public sealed class EmergencyLockTests
{
    [Fact]
    public void Locks_first_the_accounts_a_plan_disables_or_removes_and_no_other()
    {
        var plan = new HostPlan(
        [
            Update("enabling", observedExpired: true, targetExpired: false),
            Update("disabling", observedExpired: false, targetExpired: true),
            Update("staysoff", observedExpired: true, targetExpired: true),
            Update("regroup", observedExpired: false, targetExpired: false),
            new RemoveUserAction(LinuxUserName.Parse("leaving")),
        ]);

        Assert.Equal(["disabling", "leaving"], EmergencyLock.AccountsToLock(plan).Select(n => n.Value));
    }

    private static UpdateUserAction Update(string name, bool observedExpired, bool targetExpired) => new(
        new JailUserTarget(LinuxUserName.Parse(name), SiteDomain.Parse("a.example"), AbsolutePath.Parse("/srv/www/example.a"), AbsolutePath.Parse("/usr/sbin/nologin"), [], targetExpired),
        new ObservedUser(name, "/srv/www/example.a", "/usr/sbin/nologin", [], observedExpired),
        ["x"]);
}
