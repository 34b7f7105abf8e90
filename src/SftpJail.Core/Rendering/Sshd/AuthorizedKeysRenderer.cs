using System.Text;
using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>One root-owned authorized_keys file per jailed user, kept outside the chroot so the customer cannot edit it.</summary>
public static class AuthorizedKeysRenderer
{
    public static string Render(JailUserSpec user)
    {
        var text = new StringBuilder();
        text.Append("# Managed by SftpJail for ").Append(user.Name.Value).Append(". Edit keys in SftpJail, not here.\n");
        foreach (var key in user.Keys.OrderBy(k => k.Fingerprint, StringComparer.Ordinal))
        {
            text.Append(key.ToAuthorizedKeysLine()).Append('\n');
        }

        return text.ToString();
    }
}
