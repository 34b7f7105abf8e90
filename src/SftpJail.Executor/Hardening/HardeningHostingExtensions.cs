using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SftpJail.Core.Contract;

namespace SftpJail.Executor.Hardening;

public static class HardeningHostingExtensions
{
    /// <summary>
    /// The enrolment timer as a hosted service over the executor engine registered as <see cref="IExecutorGateway"/>:
    /// it closes an expired enrolment window even when no panel or CLI is running.
    /// </summary>
    public static IServiceCollection AddEnrolmentTimer(this IServiceCollection services)
    {
        services.AddSingleton(sp => EnrolmentTimer.For(
            (ExecutorEngine)sp.GetRequiredService<IExecutorGateway>(),
            TimeProvider.System,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<EnrolmentTimer>()));
        services.AddHostedService(sp => sp.GetRequiredService<EnrolmentTimer>());
        return services;
    }
}
