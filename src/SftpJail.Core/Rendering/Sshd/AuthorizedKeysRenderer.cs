using System.Text;
using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// The root-owned authorized_keys files SftpJail manages, kept where their owner cannot edit them: outside the chroot
/// for a jailed user, outside the home for an admin.
/// </summary>
public static class AuthorizedKeysRenderer
{
    public static string Render(JailUserSpec user) => Render(user.Name.Value, user.Keys);

    public static string Render(AdminAccountSpec admin) => Render("admin " + admin.Name.Value, admin.Keys);

    private static string Render(string owner, IReadOnlyList<SshPublicKey> keys)
    {
        var text = new StringBuilder();
        text.Append("# Managed by SftpJail for ").Append(owner).Append(". Edit keys in SftpJail, not here.\n");
        foreach (var key in keys.OrderBy(k => k.Fingerprint, StringComparer.Ordinal))
        {
            text.Append(key.ToAuthorizedKeysLine()).Append('\n');
        }

        return text.ToString();
    }
}
