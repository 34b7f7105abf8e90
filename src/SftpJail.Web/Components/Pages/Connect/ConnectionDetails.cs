using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Components.Pages.Connect;

/// <summary>What a customer needs to connect: the address and port of the SFTP service and its host-key fingerprints.</summary>
public sealed record ConnectionDetails(string Host, int Port, IReadOnlyList<HostKeyFingerprint> HostKeys, string? Problem)
{
    public string Command(string user) => Port == 22 ? $"sftp {user}@{Host}" : $"sftp -P {Port} {user}@{Host}";

    public string Url(string user) => Port == 22 ? $"sftp://{user}@{Host}/" : $"sftp://{user}@{Host}:{Port}/";
}

public sealed class ConnectionDetailsProvider(IExecutorGateway executor, IOptions<PanelOptions> panel, IConfiguration configuration)
{
    public async Task<ConnectionDetails> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        var host = string.IsNullOrWhiteSpace(panel.Value.SftpHostName) ? context.Request.Host.Host : panel.Value.SftpHostName.Trim();
        var fallbackPort = configuration.GetSection(HostProfileOptions.Section).Get<HostProfileOptions>()?.Port ?? 22;
        try
        {
            var info = await executor.GetHostInfoAsync(cancellationToken);
            return new ConnectionDetails(host, info.Port, info.HostKeys, null);
        }
        catch (ExecutorUnavailableException e)
        {
            return new ConnectionDetails(host, fallbackPort, [], $"The host-key fingerprints cannot be read right now ({e.Message}).");
        }
    }
}
