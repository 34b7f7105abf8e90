using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SftpJail.Data.SetPasswordLinks;

public static class SetPasswordLinkServices
{
    /// <summary>Registers <see cref="SetPasswordLinkService"/> (scoped) with the "SetPasswordLinks" section as it is when first used.</summary>
    public static IServiceCollection AddSetPasswordLinks(this IServiceCollection services)
    {
        services.AddScoped(sp => Create(sp));
        return services;
    }

    /// <summary>The service over <paramref name="services"/>' context, site service and audit log (the CLI makes one per invocation).</summary>
    public static SetPasswordLinkService Create(IServiceProvider services) =>
        ActivatorUtilities.CreateInstance<SetPasswordLinkService>(services, SetPasswordLinkOptions.From(services.GetRequiredService<IConfiguration>()));
}
