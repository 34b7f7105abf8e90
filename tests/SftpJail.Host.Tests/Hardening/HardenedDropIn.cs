using System.Text;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Rendering.Sshd;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>The hardening sections in drop-in order (globals, enrolment, admins, jail group) for the stand-alone sshd.</summary>
internal static class HardenedDropIn
{
    public static string Compose(SshHardening? hardening, HardeningContext context, EnrolmentWindow? window = null)
    {
        var text = new StringBuilder(SshdDropInRenderer.Header).Append('\n');
        if (hardening is not null)
        {
            text.Append(HardeningRenderer.GlobalComment).Append('\n');
            foreach (var line in HardeningRenderer.Global(hardening, context))
            {
                text.Append(line).Append('\n');
            }
        }

        var enrolment = HardeningRenderer.EnrolmentBlock(window, DateTimeOffset.UtcNow);
        if (enrolment.Length > 0)
        {
            text.Append('\n').Append(enrolment);
        }

        text.Append('\n').Append(HardeningRenderer.AdminBlock(hardening, context));
        text.Append('\n').Append("Match Group ").Append(context.JailGroup.Value).Append('\n');
        foreach (var line in hardening is null ? [] : HardeningRenderer.JailGroupSettings(hardening))
        {
            text.Append("    ").Append(line).Append('\n');
        }

        text.Append("    ChrootDirectory %h\n    ForceCommand internal-sftp -d /html\n    PermitTTY no\n");
        return text.ToString();
    }
}
