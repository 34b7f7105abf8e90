using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;

namespace SftpJail.Executor;

public sealed partial class ExecutorEngine
{
    /// <summary>Reads the "Host" and "WebServer" sections; an invalid value throws InputRejectedException naming the key.</summary>
    public static (HostProfile Host, WebServerProfile Web) ReadProfiles(IConfiguration configuration)
    {
        var host = (configuration.GetSection(HostProfileOptions.Section).Get<HostProfileOptions>() ?? new HostProfileOptions()).ToProfile();
        var web = (configuration.GetSection("WebServer").Get<WebServerProfileOptions>() ?? new WebServerProfileOptions()).ToProfile(host);
        return (host, web);
    }

    public static ExecutorEngine Create(IConfiguration configuration, ILoggerFactory loggerFactory)
    {
        var (host, web) = ReadProfiles(configuration);
        return Create(host, web, loggerFactory);
    }
}
