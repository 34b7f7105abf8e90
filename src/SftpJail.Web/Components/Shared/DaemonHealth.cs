using System.Diagnostics;
using System.Globalization;
using System.Net;
using SftpJail.Core.Contract;
using SftpJail.Web.Operations;

namespace SftpJail.Web.Components.Shared;

public enum DaemonState
{
    /// <summary>Not probed yet (the prerender never probes; the circuit does).</summary>
    Checking,
    Up,
    Down,

    /// <summary>Where the daemon listens is not known (the executor did not answer).</summary>
    Unknown,

    /// <summary>The executor manages no web server.</summary>
    NotManaged,
}

/// <summary>A daemon's health as the dashboard shows it: the state and, in one sentence, why.</summary>
public sealed record DaemonHealth(DaemonState State, string Reason)
{
    public static DaemonHealth Checking { get; } = new(DaemonState.Checking, "checking…");

    /// <summary>The chip's data attribute value (tests and scripts read it).</summary>
    public string Key => State switch
    {
        DaemonState.Up => "up",
        DaemonState.Down => "down",
        DaemonState.NotManaged => "none",
        DaemonState.Unknown => "unknown",
        _ => "checking",
    };
}

/// <summary>
/// The dashboard's sshd and web-server probes, the same as /healthz's (an SSH banner; an HTTP status line to a HEAD),
/// each with a short time limit so a daemon that accepts and never answers cannot hold the dashboard.
/// </summary>
public static class DashboardProbes
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private const string HttpRequest = "HEAD / HTTP/1.0\r\nHost: localhost\r\nUser-Agent: sftpjail-dashboard\r\n\r\n";

    /// <summary>What the dashboard shows before the circuit has probed.</summary>
    public static (DaemonHealth Sshd, DaemonHealth Web) Initial(HostInfo? host) => host is null
        ? (Unknown(), Unknown())
        : (DaemonHealth.Checking, host.WebServer is null ? NotManaged() : DaemonHealth.Checking);

    public static async Task<DaemonHealth> SshdAsync(HostInfo? host, TimeSpan timeout, CancellationToken cancellationToken) => host is null
        ? Unknown()
        : await ProbeAsync(host.ListenAddress, host.Port, request: null, "SSH-", "an SSH banner", timeout, cancellationToken);

    public static async Task<DaemonHealth> WebAsync(HostInfo? host, TimeSpan timeout, CancellationToken cancellationToken) => host switch
    {
        null => Unknown(),
        { WebServer: null } => NotManaged(),
        { WebServer: { } web } => await ProbeAsync(web.ListenAddress, web.HttpPort, HttpRequest, "HTTP/", "an HTTP reply", timeout, cancellationToken),
    };

    private static async Task<DaemonHealth> ProbeAsync(string listenAddress, int port, string? request, string expected, string what, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var at = new IPEndPoint(DaemonProbe.ProbeAddress(listenAddress), port).ToString();
        var watch = Stopwatch.StartNew();
        var answer = await DaemonProbe.ProbeAsync(listenAddress, port, request, expected, timeout, cancellationToken);
        var seconds = timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);
        return answer switch
        {
            DaemonAnswer.Expected => new(DaemonState.Up, $"{what} from {at} in {watch.ElapsedMilliseconds} ms"),
            DaemonAnswer.Other => new(DaemonState.Down, $"{at} answers, but not with {what}"),
            DaemonAnswer.Closed => new(DaemonState.Down, $"{at} closed the connection without a reply"),
            DaemonAnswer.Refused => new(DaemonState.Down, $"nothing listens on {at} (connection refused)"),
            DaemonAnswer.TimedOut => new(DaemonState.Down, $"no answer from {at} within {seconds} s"),
            _ => new(DaemonState.Down, $"{at} cannot be reached"),
        };
    }

    private static DaemonHealth Unknown() => new(DaemonState.Unknown, "the executor did not answer, so where it listens is not known");

    private static DaemonHealth NotManaged() => new(DaemonState.NotManaged, "the executor manages no web server");
}
