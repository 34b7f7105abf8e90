using System.Net;
using Microsoft.AspNetCore.Authorization;

namespace SftpJail.Web.Operations;

/// <summary>
/// Who may read <c>/metrics</c>. Any handler of this requirement that succeeds lets the caller in: the panel ships
/// <see cref="LoopbackMetricsReader"/> and <see cref="MetricsTokenReader"/> (a Staff or Admin API token); another
/// is added with <c>services.AddSingleton&lt;IAuthorizationHandler, ...&gt;()</c>, and nothing else needs to change.
/// The resource is the request's <see cref="HttpContext"/>.
/// </summary>
public sealed class MetricsReaderRequirement : IAuthorizationRequirement
{
    public static readonly MetricsReaderRequirement Instance = new();
}

/// <summary>
/// A direct connection from this host's loopback. A request that came through a reverse proxy (which connects from
/// loopback too) carries forwarding headers and is refused: otherwise the proxy would publish the metrics to anyone.
/// </summary>
public sealed class LoopbackMetricsReader : AuthorizationHandler<MetricsReaderRequirement, HttpContext>
{
    // X-Original-For: what ASP.NET Core's forwarded-headers middleware (ASPNETCORE_FORWARDEDHEADERS_ENABLED, as the
    // panel's unit sets) leaves after it moved X-Forwarded-For into RemoteIpAddress.
    private static readonly string[] ForwardingHeaders = ["Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP", "X-Original-For"];

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsReaderRequirement requirement, HttpContext resource)
    {
        if (IsDirectLoopback(resource))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    public static bool IsDirectLoopback(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return false;
        }

        if (remote.IsIPv4MappedToIPv6)
        {
            remote = remote.MapToIPv4();
        }

        return IPAddress.IsLoopback(remote) && !ForwardingHeaders.Any(h => http.Request.Headers.ContainsKey(h));
    }
}
