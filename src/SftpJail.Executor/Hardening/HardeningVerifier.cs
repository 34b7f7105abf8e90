using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// Checks, before a reload, that the candidate configuration means what the profile says for real connections:
/// root refused, admins key-only (unless enrolling) and reading SftpJail's key files, jailed users still allowed a
/// password and still chrooted. A distribution file or an earlier Match block that wins over SftpJail's lines shows
/// up here rather than as a lock-out after the reload.
/// </summary>
public sealed class HardeningVerifier(HostProfile profile, EffectiveSshdSettings effective)
{
    public async Task<IReadOnlyList<string>> VerifyAsync(
        SshHardening hardening,
        IReadOnlyList<AdminAccountSpec> admins,
        EnrolmentWindow? openWindow,
        LinuxUserName? jailedPasswordUser,
        CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        if (hardening.DenyRootLogin)
        {
            var root = await effective.ForRootAsync(cancellationToken);
            Expect(problems, "root", root, "permitrootlogin", "no");
        }

        foreach (var admin in admins)
        {
            var settings = await effective.ForUserAsync(admin.Name, cancellationToken);
            var enrolling = openWindow is not null && openWindow.Admin == admin.Name;
            if (hardening.DenyPasswordLogin || enrolling)
            {
                Expect(problems, admin.Name.Value, settings, "passwordauthentication", enrolling ? "yes" : "no");
            }

            var keysFile = profile.AuthorizedKeysDir.Value + "/%u";
            if (!settings.TryGetValue("authorizedkeysfile", out var files) || !files.Split(' ').Contains(keysFile, StringComparer.Ordinal))
            {
                problems.Add($"{admin.Name}: sshd would not read {keysFile} (authorizedkeysfile is '{files}')");
            }
        }

        if (jailedPasswordUser is not null)
        {
            var jailed = await effective.ForUserAsync(jailedPasswordUser, cancellationToken);
            Expect(problems, jailedPasswordUser.Value, jailed, "passwordauthentication", "yes");
            Expect(problems, jailedPasswordUser.Value, jailed, "chrootdirectory", "%h");
            Expect(problems, jailedPasswordUser.Value, jailed, "disableforwarding", "yes");
        }

        return problems;
    }

    private static void Expect(List<string> problems, string who, IReadOnlyDictionary<string, string> settings, string keyword, string value)
    {
        var actual = settings.GetValueOrDefault(keyword);
        if (!string.Equals(actual, value, StringComparison.Ordinal))
        {
            problems.Add($"{who}: sshd would use {keyword} {actual ?? "(unset)"}, the profile needs {value}");
        }
    }
}
