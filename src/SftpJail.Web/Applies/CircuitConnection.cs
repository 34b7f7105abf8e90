using Microsoft.AspNetCore.Components.Server.Circuits;

namespace SftpJail.Web.Applies;

/// <summary>
/// Whether this circuit's browser is connected right now. A tab whose network dropped keeps its circuit (and its pages'
/// handlers) on the server for minutes; a page that shows a secret once must not take it there, where nobody sees it,
/// leaving nothing for the tab the user opens instead. It waits for <see cref="Reconnected"/>, or the secret stays with
/// the apply for a re-attach. Outside a circuit (prerendering, tests) nothing calls it, and it counts as connected.
/// </summary>
public sealed class CircuitConnection : CircuitHandler
{
    private volatile bool connected = true;

    public bool IsConnected => connected;

    /// <summary>Raised when the browser is back on this circuit.</summary>
    public event Action? Reconnected;

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        connected = false;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var wasDown = !connected;
        connected = true;
        if (wasDown)
        {
            Reconnected?.Invoke();
        }

        return Task.CompletedTask;
    }
}
