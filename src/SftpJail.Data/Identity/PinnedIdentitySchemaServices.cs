using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace SftpJail.Data.Identity;

/// <summary>
/// IdentityDbContext builds its tables from <c>IdentityOptions.Stores</c> found in the application's service provider,
/// so the same context would have a different model in the panel (Identity registered), the CLI (not registered) and
/// tests. A migration describes exactly one model: this wrapper answers the store options with pinned values and
/// passes every other request through.
/// </summary>
internal sealed class PinnedIdentitySchemaServices : IServiceProvider
{
    private static readonly ConditionalWeakTable<IServiceProvider, PinnedIdentitySchemaServices> Wrappers = new();
    private static readonly PinnedIdentitySchemaServices WithoutApplication = new(null);

    private readonly IServiceProvider? inner;
    private readonly Lazy<IOptions<IdentityOptions>> options;

    private PinnedIdentitySchemaServices(IServiceProvider? inner)
    {
        this.inner = inner;
        options = new Lazy<IOptions<IdentityOptions>>(Pin);
    }

    /// <summary>One wrapper per application provider, so EF Core keeps reusing one internal provider (and one model) per application.</summary>
    public static IServiceProvider For(IServiceProvider? application) => application switch
    {
        null => WithoutApplication,
        PinnedIdentitySchemaServices pinned => pinned,
        _ => Wrappers.GetValue(application, app => new PinnedIdentitySchemaServices(app)),
    };

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IOptions<IdentityOptions>) ? options.Value : inner?.GetService(serviceType);

    private IOptions<IdentityOptions> Pin()
    {
        var configured = (inner?.GetService(typeof(IOptions<IdentityOptions>)) as IOptions<IdentityOptions>)?.Value;
        var pinned = new IdentityOptions();
        pinned.Stores.SchemaVersion = SftpJailDbContext.IdentitySchemaVersion;
        pinned.Stores.MaxLengthForKeys = 128;

        // Encryption changes values, not columns; keep what the application asked for.
        pinned.Stores.ProtectPersonalData = configured?.Stores.ProtectPersonalData ?? false;
        return Options.Create(pinned);
    }
}
