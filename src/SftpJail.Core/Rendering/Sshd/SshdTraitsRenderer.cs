using System.Text;
using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.Sshd;

/// <summary>
/// The read-only and key-only blocks, in a file of their own that the drop-in includes from its Match line for those
/// two groups (see <c>SshdDropInRenderer.AppendTraitsBlock</c>). sshd keeps the first value it obtains: the read-only
/// block comes first and sets everything but the password keywords, so a user who is also key-only still gets them
/// from the key-only block. The last block must stay last: it is what keeps the drop-in's refusal lines after the
/// Include from applying, so a file that is cut short refuses the login instead of widening it.
/// </summary>
public static class SshdTraitsRenderer
{
    public static string Render(DesiredState state, HostProfile profile)
    {
        var jailSettings = state.Hardening is null ? [] : HardeningRenderer.JailGroupSettings(state.Hardening);
        var withoutPasswordLines = SshdDropInRenderer.WithoutPasswordLines(jailSettings);
        var text = new StringBuilder();
        text.Append(SshdDropInRenderer.Header).Append('\n');
        text.Append("# Read-only and key-only jailed users. Included from ").Append(profile.SshdDropInPath.Value).Append(", inside its Match block for these groups.\n");

        text.Append('\n').Append("# Read-only: no password keyword here, so a key-only member still gets the key-only block's.\n");
        text.Append("Match Group ").Append(profile.ReadOnlyGroup.Value).Append('\n');
        SshdDropInRenderer.AppendLines(text, withoutPasswordLines);
        SshdDropInRenderer.AppendJail(text, profile, readOnly: true);

        text.Append('\n').Append("Match Group ").Append(profile.KeyOnlyGroup.Value).Append('\n');
        SshdDropInRenderer.AppendSetting(text, "PasswordAuthentication", "no");
        SshdDropInRenderer.AppendSetting(text, "KbdInteractiveAuthentication", "no");
        SshdDropInRenderer.AppendLines(text, withoutPasswordLines);
        SshdDropInRenderer.AppendJail(text, profile, readOnly: false);

        // "any" is what a user gets with no AuthenticationMethods at all. sshd refuses a second "any" once a value is
        // set, even in a block that does not match, so this is the only one.
        text.Append('\n').Append("# Last: without this block the drop-in's lines after its Include refuse every login.\n");
        text.Append("Match Group ").Append(profile.ReadOnlyGroup.Value).Append(',').Append(profile.KeyOnlyGroup.Value).Append('\n');
        SshdDropInRenderer.AppendSetting(text, "AuthenticationMethods", "any");
        return text.ToString();
    }
}
