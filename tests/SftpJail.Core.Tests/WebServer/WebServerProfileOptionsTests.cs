using SftpJail.Core.Model;
using SftpJail.Core.Values;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.WebServer;

public sealed class WebServerProfileOptionsTests
{
    [Fact]
    public void Debian_apache_defaults_to_sites_available_apache2ctl_and_the_apache2_unit()
    {
        var web = Web(Host("Debian"), "Apache");

        Assert.Equal((WebServerKind.Apache, WebServerLayout.SitesAvailable, WebServerMode.System), (web.Kind, web.Layout, web.Mode));
        Assert.Equal("/etc/apache2/apache2.conf", web.MainConfigPath.Value);
        Assert.Equal("/etc/apache2/sites-enabled", web.IncludedDir.Value);
        Assert.Equal("/usr/sbin/apache2ctl -t", web.CheckCommand.ToString());
        Assert.Equal("/usr/bin/systemctl reload apache2", web.ReloadCommand.ToString());
        Assert.Equal("0.0.0.0:80", $"{web.Listen.AddressText}:{web.Listen.HttpPort}");
        Assert.Equal(443, web.Listen.HttpsPort);
        Assert.Equal("www-data", web.RunAs.Value);
    }

    [Fact]
    public void Rhel_apache_defaults_to_conf_d_apachectl_and_httpd()
    {
        var web = Web(Host("Rhel"), "Apache");

        Assert.Equal(WebServerLayout.ConfD, web.Layout);
        Assert.Equal("/etc/httpd/conf/httpd.conf", web.MainConfigPath.Value);
        Assert.Equal("/etc/httpd/conf.d", web.IncludedDir.Value);
        Assert.Equal("/usr/sbin/apachectl -t", web.CheckCommand.ToString());
        Assert.Equal("/usr/bin/systemctl reload httpd", web.ReloadCommand.ToString());
        Assert.Equal("apache", web.RunAs.Value);
    }

    [Fact]
    public void A_system_nginx_is_checked_against_its_whole_main_config()
    {
        var web = Web(Host("Rhel"), "Nginx", o => o.Layout = "SitesAvailable");

        Assert.Equal("/etc/nginx/sites-enabled", web.IncludedDir.Value);
        Assert.Equal("/usr/sbin/nginx -t -q -c /etc/nginx/nginx.conf", web.CheckCommand.ToString());
        Assert.Equal("/usr/bin/systemctl reload nginx", web.ReloadCommand.ToString());
    }

    [Fact]
    public void A_dedicated_nginx_lives_under_the_state_dir_on_loopback_and_never_opens_the_system_error_log()
    {
        var web = Web(Host("Debian"), "Nginx", o => o.Mode = "Dedicated");

        Assert.Equal("/var/lib/sftpjail/nginx", web.ConfigRoot.Value);
        Assert.Equal("127.0.0.1:8080", $"{web.Listen.AddressText}:{web.Listen.HttpPort}");
        Assert.Equal(
            "/usr/sbin/nginx -t -q -e /var/lib/sftpjail/nginx/logs/error.log -c /var/lib/sftpjail/nginx/nginx.conf",
            web.CheckCommand.ToString());
        Assert.Equal(
            "/usr/sbin/nginx -s reload -e /var/lib/sftpjail/nginx/logs/error.log -c /var/lib/sftpjail/nginx/nginx.conf",
            web.ReloadCommand.ToString());
    }

    [Fact]
    public void A_dedicated_apache_is_driven_through_its_binary_with_its_own_config()
    {
        var web = Web(Host("Debian"), "Apache", o => o.Mode = "Dedicated");

        Assert.Equal("/usr/sbin/apache2 -t -f /var/lib/sftpjail/apache/apache2.conf", web.CheckCommand.ToString());
        Assert.Equal("/usr/sbin/apache2 -k graceful -f /var/lib/sftpjail/apache/apache2.conf", web.ReloadCommand.ToString());
        Assert.Equal("/usr/sbin/apache2 -k start -f /var/lib/sftpjail/apache/apache2.conf", web.StartCommand.ToString());
        Assert.Equal("/var/lib/sftpjail/apache/run/httpd.pid", web.PidFile.Value);
    }

    [Fact]
    public void Kind_none_manages_nothing_and_has_no_commands()
    {
        var web = Web(Host("Debian"), "None");

        Assert.False(web.IsManaged);
        Assert.Throws<InvalidOperationException>(() => web.CheckCommand);
    }

    [Theory]
    [InlineData("Kind", "Lighttpd")]
    [InlineData("Kind", "1")]
    [InlineData("Mode", "Docker")]
    [InlineData("Layout", "sites")]
    [InlineData("ListenAddress", "localhost")]
    [InlineData("ConfigRoot", "etc/nginx")]
    [InlineData("ConfigRoot", "/etc/nginx;evil")]
    [InlineData("ConfigRoot", "/var/www")]
    [InlineData("ConfigRoot", "/var/www/sub-domains/com.example")]
    [InlineData("LogDir", "/var/www/sub-domains/logs")]
    [InlineData("Binary", "/usr/sbin/nginx -g daemon")]
    [InlineData("ServiceName", "nginx;reboot")]
    [InlineData("RunAs", "Www Data")]
    public void Rejects_a_bad_setting_naming_the_field(string field, string value)
    {
        var options = new WebServerProfileOptions { Kind = "Nginx" };
        typeof(WebServerProfileOptions).GetProperty(field)!.SetValue(options, value);

        var error = Assert.Throws<InputRejectedException>(() => options.ToProfile(Host("Debian")));

        Assert.Equal("WebServer:" + field, error.Field);
    }

    [Theory]
    [InlineData(0, 443)]
    [InlineData(65536, 443)]
    [InlineData(80, 80)]
    [InlineData(80, -1)]
    public void Rejects_ports_out_of_range_or_equal(int port, int httpsPort)
    {
        var options = new WebServerProfileOptions { Kind = "Nginx", Port = port, HttpsPort = httpsPort };

        Assert.Throws<InputRejectedException>(() => options.ToProfile(Host("Debian")));
    }
}
