using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Data;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Browser;

namespace SftpJail.Web.Tests.Api;

/// <summary>
/// An API token for a live panel, made as <c>sftpjail token create</c> makes one: the same service on the panel's
/// database file. (The tokens page is a circuit now; an HTTP client cannot post its form.)
/// </summary>
public static class LiveTokens
{
    public static async Task<string> CreateAsync(LivePanel live, string owner, string name, ApiTokenScope scope)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataExtensions.ConnectionStringName}"] = $"Data Source={live.BaseDir}/panel.db",
        });
        builder.AddSftpJailData();
        builder.Services.AddScoped<ApiTokenService>();
        using var host = builder.Build();
        await using var scope_ = host.Services.CreateAsyncScope();
        var created = await scope_.ServiceProvider.GetRequiredService<ApiTokenService>()
            .CreateAsync(new NewApiToken(owner, name, scope, 1), new Actor("cli:test"));
        return created.Succeeded ? created.Token! : throw new InvalidOperationException($"no API token: {created.Error}");
    }
}
