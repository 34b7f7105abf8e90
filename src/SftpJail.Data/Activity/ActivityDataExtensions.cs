using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Core.Activity;
using SftpJail.Core.Contract;

namespace SftpJail.Data.Activity;

public static class ActivityDataExtensions
{
    /// <summary>The recorder, queries and session closer (scoped); the activity source is the executor gateway when it is one.</summary>
    public static IServiceCollection AddCustomerActivityData(this IServiceCollection services, IConfiguration configuration)
    {
        var retention = configuration.GetSection(ActivityRetention.Section).Get<ActivityRetention>() ?? new ActivityRetention();
        services.AddSingleton(retention);
        services.AddScoped(sp => new ActivityRecorder(
            sp.GetRequiredService<SftpJailDbContext>(), sp.GetService<IExecutorGateway>() as IActivitySource, sp.GetRequiredService<TimeProvider>(), retention));
        services.AddScoped<ActivityQueries>();
        services.AddScoped<SiteLastLogins>();
        services.AddScoped(sp => new SessionCloser(
            sp.GetRequiredService<SftpJailDbContext>(), sp.GetRequiredService<ActivityQueries>(), sp.GetService<IExecutorGateway>() as IActivitySource,
            sp.GetRequiredService<Audit.IAuditLog>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
