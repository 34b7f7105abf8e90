using System.Text;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Rendering.Sshd;

namespace SftpJail.Core.Tests.Hardening;

/// <summary>Puts the hardening sections together in the order the drop-in needs: globals, enrolment, admins, jail group.</summary>
internal static class HardenedDropInTestBuilder
{
    public static string Compose(SshHardening hardening, HardeningContext context, EnrolmentWindow? window = null, DateTimeOffset? now = null)
    {
        var text = new StringBuilder();
        text.Append(SshdDropInRenderer.Header).Append('\n').Append(HardeningRenderer.GlobalComment).Append('\n');
        foreach (var line in HardeningRenderer.Global(hardening, context))
        {
            text.Append(line).Append('\n');
        }

        var enrolment = HardeningRenderer.EnrolmentBlock(window, now ?? DateTimeOffset.UtcNow);
        if (enrolment.Length > 0)
        {
            text.Append('\n').Append(enrolment);
        }

        text.Append('\n').Append(HardeningRenderer.AdminBlock(hardening, context));
        text.Append('\n').Append("Match Group ").Append(context.JailGroup.Value).Append('\n');
        foreach (var line in HardeningRenderer.JailGroupSettings(hardening))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("    ChrootDirectory %h\n    ForceCommand internal-sftp -l INFO -u 0027 -d /html\n");
        return text.ToString();
    }
}
