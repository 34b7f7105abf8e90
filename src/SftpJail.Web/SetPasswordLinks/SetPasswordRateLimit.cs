using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using SftpJail.Data.SetPasswordLinks;

namespace SftpJail.Web.SetPasswordLinks;

/// <summary>
/// A fixed window per client address on the anonymous set-password page. Its own refusal text: the API's limiter
/// answers with problem JSON, which is no page for a customer.
/// </summary>
public sealed class SetPasswordRateLimit(IOptionsMonitor<SetPasswordLinkOptions> options) : IRateLimiterPolicy<string>
{
    public const string Policy = "set-password";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = async (rejected, cancellationToken) =>
    {
        var response = rejected.HttpContext.Response;
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 60;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"Too many attempts from this address. Wait {seconds} seconds, then open the link again.", cancellationToken);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext) =>
        RateLimitPartition.GetFixedWindowLimiter("address:" + Api.ApiTokenAuthentication.From(httpContext), _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.CurrentValue.RequestsPerMinute),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
