using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data.Services;
using SftpJail.Web.Applies;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// Operation scopes over the panel's whose site service holds every <see cref="ISiteService.SuggestUserNameAsync"/>
/// until <see cref="Release"/>: a test can act on the page while a domain's suggestion is still being looked up, as a
/// fast typist (or a browser test) does on a busy server. Everything else is the panel's own service.
/// </summary>
public sealed class HeldSuggestionScopes(IServiceScopeFactory panelScopes) : IServiceScopeFactory
{
    private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Asked { get; private set; }

    public OperationScopes AsOperationScopes() => new(this);

    public void Release() => released.TrySetResult();

    public IServiceScope CreateScope() => new Scope(panelScopes.CreateScope(), this);

    private async Task<string?> HeldAsync(Task<string?> suggestion)
    {
        Asked++;
        await released.Task;
        return await suggestion;
    }

    private sealed class Scope(IServiceScope inner, HeldSuggestionScopes owner) : IServiceScope, IServiceProvider
    {
        public IServiceProvider ServiceProvider => this;

        public object? GetService(Type serviceType) => serviceType == typeof(ISiteService)
            ? HeldSiteService.Over(inner.ServiceProvider.GetRequiredService<ISiteService>(), owner)
            : inner.ServiceProvider.GetService(serviceType);

        public void Dispose() => inner.Dispose();
    }

    /// <summary>A proxy, not a hand-written decorator: only one of the interface's members changes.</summary>
    public class HeldSiteService : DispatchProxy
    {
        private ISiteService target = null!;
        private HeldSuggestionScopes owner = null!;

        internal static ISiteService Over(ISiteService target, HeldSuggestionScopes owner)
        {
            var proxy = Create<ISiteService, HeldSiteService>();
            var held = (HeldSiteService)(object)proxy;
            held.target = target;
            held.owner = owner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var result = targetMethod!.Invoke(target, args);
            return targetMethod.Name == nameof(ISiteService.SuggestUserNameAsync) ? owner.HeldAsync((Task<string?>)result!) : result;
        }
    }
}
