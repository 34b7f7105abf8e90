using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Components.Pages.Connect;

/// <summary>
/// What a customer needs to connect: the address and port of the SFTP service, its host-key fingerprints, and where
/// the site is published, as far as the executor can vouch for it.
/// </summary>
/// <param name="HostFromRequest">
/// True when <c>Panel:SftpHostName</c> is unset and <see cref="Host"/> is only the name this panel was reached by.
/// </param>
/// <param name="Web">The web server the executor manages; null when it manages none or could not be asked.</param>
/// <param name="ProblemReference">The log reference of <see cref="Problem"/>'s cause, which is not shown.</param>
public sealed record ConnectionDetails(
    string Host,
    int Port,
    IReadOnlyList<HostKeyFingerprint> HostKeys,
    string? Problem,
    bool HostFromRequest = false,
    WebServerInfo? Web = null,
    string? ProblemReference = null)
{
    public string Command(string user) => Port == 22 ? $"sftp {user}@{Host}" : $"sftp -P {Port} {user}@{Host}";

    public string Url(string user) => Port == 22 ? $"sftp://{user}@{Host}/" : $"sftp://{user}@{Host}:{Port}/";

    /// <summary>Where the site's html/ is served; null when SftpJail manages no web server and so cannot say.</summary>
    public string? SiteUrl(string domain) => Web?.SiteUrl(domain);
}

public sealed class ConnectionDetailsProvider(IExecutorGateway executor, IOptions<PanelOptions> panel, IConfiguration configuration, ILogger<ConnectionDetailsProvider> logger)
{
    public async Task<ConnectionDetails> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var (host, fromRequest) = SftpHost(context);
        var fallbackPort = configuration.GetSection(HostProfileOptions.Section).Get<HostProfileOptions>()?.Port ?? 22;
        try
        {
            var info = await executor.GetHostInfoAsync(cancellationToken);
            return new ConnectionDetails(host, info.Port, info.HostKeys, null, fromRequest, info.WebServer);
        }
        catch (ExecutorUnavailableException e)
        {
            // The executor's message names sockets and system errors: for the log, not for customers.
            var reference = ErrorReference.Record(logger, context, "reading the host's details for a connection page", e.Message);
            return new ConnectionDetails(host, fallbackPort, [], "The host-key fingerprints cannot be read right now; tell your provider this reference:", fromRequest, ProblemReference: reference);
        }
    }

    /// <summary>The SFTP host name customers are told, and whether it is a guess taken from this request (setting unset).</summary>
    public (string Host, bool FromRequest) SftpHost(HttpContext context) =>
        string.IsNullOrWhiteSpace(panel.Value.SftpHostName)
            ? (context.Request.Host.Host, true)
            : (panel.Value.SftpHostName.Trim(), false);
}
