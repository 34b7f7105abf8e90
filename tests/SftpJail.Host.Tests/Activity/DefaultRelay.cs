using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;
using SftpJail.Executor.Activity;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Activity;

/// <summary>
/// The chroot log relay as the executor daemon runs it with no Activity setting at all (on by default): the hosted
/// services <see cref="ActivityHostingExtensions.AddActivityRelay"/> registers, started over the test host's engine.
/// </summary>
public sealed class DefaultRelay : IAsyncDisposable
{
    private readonly ServiceProvider services;
    private readonly List<IHostedService> started;

    private DefaultRelay(ServiceProvider services, List<IHostedService> started)
    {
        this.services = services;
        this.started = started;
    }

    public static async Task<DefaultRelay> StartAsync(JailHost host)
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IExecutorGateway>(host.Engine)
            .AddActivityRelay(new ConfigurationBuilder().Build())
            .BuildServiceProvider();
        var hosted = services.GetServices<IHostedService>().ToList();
        Assert.Single(hosted.OfType<ActivityRelayService>());
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        return new DefaultRelay(services, hosted);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in started)
        {
            await service.StopAsync(CancellationToken.None);
        }

        await services.DisposeAsync();
    }
}
