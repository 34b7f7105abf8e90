using System.Text;
using SftpJail.Cli.Commands;

namespace SftpJail.Cli;

internal static class HelpText
{
    public static string Render()
    {
        var text = new StringBuilder();
        text.AppendLine("sftpjail - manage jailed SFTP sites from the shell");
        text.AppendLine();
        text.AppendLine("usage: sftpjail [--config FILE] <command> [options]");
        text.AppendLine();
        foreach (var (usage, summary) in CommandTable.All.Select(c => (c.Usage, c.Summary)).Append(("help", "Show this text.")))
        {
            text.Append("  ").AppendLine(usage);
            text.Append("      ").AppendLine(summary);
        }
        text.AppendLine();
        text.AppendLine("Configuration (later wins): appsettings.json next to the binary, /etc/sftpjail/sftpjail.json,");
        text.AppendLine("--config FILE, environment variables SFTPJAIL_<Section>__<Key> (SFTPJAIL_Host__JailRoot,");
        text.AppendLine("SFTPJAIL_ConnectionStrings__SftpJail, SFTPJAIL_Executor__Mode=InProcess|Socket, SFTPJAIL_Executor__SocketPath).");
        text.AppendLine();
        text.AppendLine("Exit codes: 0 success; 1 the executor refused or failed, drift found, audit chain broken;");
        text.AppendLine("2 invalid usage, input or configuration (nothing was changed).");
        return text.ToString();
    }
}
