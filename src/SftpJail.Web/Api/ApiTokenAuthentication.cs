using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using SftpJail.Data.ApiTokens;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Api;

/// <summary>
/// <c>Authorization: Bearer sjt_…</c>, the only way to authenticate to <c>/api</c>: the panel's cookie is never read
/// there (see <see cref="ApiServices"/>), so a page an API caller opens cannot make its browser change anything.
/// </summary>
public sealed partial class ApiTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenService tokens,
    IOptionsMonitor<PanelOptions> panel) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string DenialItem = "sftpjail.api.denial";

    public const string NoToken = "This API needs a token: send 'Authorization: Bearer sjt_…' (an Admin makes one on the panel's API tokens page).";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Deny(NoToken);
        }

        var check = await tokens.AuthenticateAsync(header[Bearer.Length..].Trim(), panel.CurrentValue.RequireTwoFactorForStaff, From(Context), Context.RequestAborted);
        if (check.Identity is null)
        {
            LogRefused(Logger, check.Denial!);
            return Deny(check.Denial!);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(ApiClaims.Principal(check.Identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var detail = Context.Items[DenialItem] as string ?? NoToken;
        return ApiProblems.Write(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        // A valid token asking for more than its scope allows: a refused use, audited like the others.
        if (ApiClaims.KeyIdOf(Context.User) is { } keyId)
        {
            await tokens.DenyAsync(keyId, $"scope {ScopeOf()} may not {Request.Method} {Request.Path}", From(Context), CancellationToken.None);
        }

        await ApiProblems.Write(Context, StatusCodes.Status403Forbidden, "Forbidden", $"A {ScopeOf()} token may not do this.");
    }

    public static string From(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown address";

    private string ScopeOf() => Enum.GetNames<ApiTokenScope>().FirstOrDefault(Context.User.IsInRole) ?? "this";

    private AuthenticateResult Deny(string message)
    {
        Context.Items[DenialItem] = message;
        return AuthenticateResult.Fail(message);
    }

    [LoggerMessage(LogLevel.Information, "API request refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
