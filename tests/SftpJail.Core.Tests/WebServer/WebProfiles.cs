using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.WebServer;

internal static class WebProfiles
{
    public static HostProfile Host(string family) => new HostProfileOptions { Family = family }.ToProfile();

    public static WebServerProfile Web(HostProfile host, string kind, Action<WebServerProfileOptions>? configure = null)
    {
        var options = new WebServerProfileOptions { Kind = kind };
        configure?.Invoke(options);
        return options.ToProfile(host);
    }

    public static SiteSpec Site(string domain, bool enabled = true) => new(SiteDomain.Parse(domain), enabled, []);

    public static SiteCertificate Certificate(string domain) =>
        new(AbsolutePath.Parse($"/etc/ssl/certs/{domain}.pem"), AbsolutePath.Parse($"/etc/ssl/private/{domain}.key"));
}
