using SftpJail.Data.Activity;

namespace SftpJail.Web.Activity;

/// <summary>Pulls new sshd/internal-sftp events from the executor in the background, so history builds up while no page is open.</summary>
public sealed class ActivityPollService(IServiceScopeFactory scopes, ActivityRetention retention, ILogger<ActivityPollService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, retention.PollSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ActivityRecorder>().PullAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Pulling customer activity failed: {Reason}", e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}

public static class ActivityPanelExtensions
{
    public static IServiceCollection AddCustomerActivity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCustomerActivityData(configuration);
        services.AddHostedService<ActivityPollService>();
        return services;
    }
}
