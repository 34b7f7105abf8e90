namespace SftpJail.Web.Applies;

/// <summary>
/// A fresh DI scope (so a fresh DbContext) per operation of an interactive component: a circuit lives for hours, and a
/// DbContext held that long goes stale and grows. Its own type rather than IServiceScopeFactory so a component test can
/// hand the component the real panel's scopes.
/// </summary>
public sealed class OperationScopes(IServiceScopeFactory scopes)
{
    public AsyncServiceScope Create() => scopes.CreateAsyncScope();
}
