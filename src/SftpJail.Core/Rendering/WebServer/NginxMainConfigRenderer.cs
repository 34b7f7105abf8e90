using SftpJail.Core.Model;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>
/// nginx.conf for a dedicated instance: its own pid file, logs and temp directories (nothing under /var/lib/nginx or
/// /var/log/nginx), a catch-all server answering 404 for unknown hosts, and every enabled vhost included.
/// </summary>
public static class NginxMainConfigRenderer
{
    public static string Render(WebServerProfile web)
    {
        if (web.Kind != WebServerKind.Nginx || web.Mode != WebServerMode.Dedicated)
        {
            throw new InvalidOperationException("The nginx main config is rendered only for a dedicated nginx.");
        }

        var text = new ConfigText()
            .Line($"user {web.RunAs.Value};")
            .Line("worker_processes 1;")
            .Line($"pid {web.PidFile.Value};")
            .Line($"error_log {web.MainErrorLog.Value};")
            .Blank()
            .Block("events {", "}", e => e.Line("worker_connections 256;"))
            .Blank();
        text.Block("http {", "}", h =>
        {
            h.Line($"include {web.MimeTypesPath.Value};");
            h.Line("default_type application/octet-stream;");
            h.Line("sendfile on;");
            h.Line("server_tokens off;");
            h.Line($"access_log {web.LogDir.Combine("access.log").Value};");
            foreach (var temp in new[] { "client_body", "proxy", "fastcgi", "uwsgi", "scgi" })
            {
                h.Line($"{temp}_temp_path {web.TempDir.Combine(temp).Value};");
            }

            h.Blank();
            h.Block("server {", "}", s =>
            {
                s.Line($"listen {NginxVhostRenderer.ListenValue(web.Listen, web.Listen.HttpPort)} default_server;");
                s.Line("server_name _;");
                s.Line("return 404;");
            });
            h.Blank();
            h.Line($"include {web.IncludedDir.Value}/*.conf;");
        });
        return text.ToString();
    }
}
