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

    /// <summary>What the dashboard shows before the circuit has probed.</summary>
    public static (DaemonHealth Sshd, DaemonHealth Web) Initial(HostInfo? host) => host is null
        ? (Unknown(), Unknown())
        : (DaemonHealth.Checking, host.WebServer is null ? NotManaged() : DaemonHealth.Checking);

    public static async Task<DaemonHealth> SshdAsync(HostInfo? host, TimeSpan timeout, CancellationToken cancellationToken) => host is null
        ? Unknown()
        : await DescribeAsync(host.ListenAddress, host.Port, "an SSH banner", timeout, () => DaemonProbe.SshAsync(host.ListenAddress, host.Port, timeout, cancellationToken));

    public static async Task<DaemonHealth> WebAsync(HostInfo? host, TimeSpan timeout, CancellationToken cancellationToken) => host switch
    {
        null => Unknown(),
        { WebServer: null } => NotManaged(),
        { WebServer: { } web } => await DescribeAsync(web.ListenAddress, web.HttpPort, "an HTTP reply", timeout,
            () => DaemonProbe.HttpAsync(web.ListenAddress, web.HttpPort, "sftpjail-dashboard", timeout, cancellationToken)),
    };

    private static async Task<DaemonHealth> DescribeAsync(string listenAddress, int port, string what, TimeSpan timeout, Func<Task<DaemonAnswer>> probe)
    {
        var at = new IPEndPoint(DaemonProbe.ProbeAddress(listenAddress), port).ToString();
        var watch = Stopwatch.StartNew();
        var answer = await probe();
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
