using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Apply;

/// <summary>Checks the passwords of one apply before any host change (one per user, each acceptable to chpasswd).</summary>
internal static class PasswordChangeSet
{
    public static IReadOnlyDictionary<string, string> Check(IReadOnlyList<PasswordChange> passwords)
    {
        var byUser = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var change in passwords)
        {
            var name = LinuxUserName.Parse(change.UserName);
            PasswordRules.Check(change.Password);
            if (!byUser.TryAdd(name.Value, change.Password))
            {
                throw new InputRejectedException("password", $"Two passwords were given for {name}.");
            }
        }

        return byUser;
    }
}
