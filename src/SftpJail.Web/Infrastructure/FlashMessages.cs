using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace SftpJail.Web.Infrastructure;

public enum FlashKind
{
    Success,
    Info,
    Warning,
    Error,
}

/// <param name="Secret">A value shown exactly once (a generated password); never logged.</param>
/// <param name="Details">Lines under the message, e.g. the steps the executor applied.</param>
public sealed record Flash(FlashKind Kind, string Text, string? Secret = null, IReadOnlyList<string>? Details = null)
{
    public override string ToString() => $"Flash {{ Kind = {Kind}, Text = {Text}, Secret = {(Secret is null ? "none" : "***")} }}";
}

/// <summary>
/// Messages carried across a POST-redirect-GET: a short-lived, HttpOnly, encrypted cookie (Data Protection), read and
/// deleted by the next page. Encrypted because it can carry a generated password on its way to being shown once.
/// </summary>
public sealed class FlashMessages(IHttpContextAccessor accessor, IDataProtectionProvider dataProtection)
{
    public const string CookieName = "SftpJail.Flash";

    private readonly IDataProtector protector = dataProtection.CreateProtector("SftpJail.Web.Flash.v1");
    private readonly List<Flash> pending = [];

    /// <summary>False outside a request (a background service) or once the response has started.</summary>
    public bool CanAdd => accessor.HttpContext is { Response.HasStarted: false };

    public void Add(Flash flash)
    {
        var context = accessor.HttpContext ?? throw new InvalidOperationException("Flash messages need an HTTP request.");
        pending.Add(flash);
        var payload = protector.Protect(JsonSerializer.Serialize(pending));
        context.Response.Cookies.Append(CookieName, payload, new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(2),
            Path = "/",
        });
    }

    public void Success(string text, string? secret = null, IReadOnlyList<string>? details = null) => Add(new Flash(FlashKind.Success, text, secret, details));

    public void Error(string text, IReadOnlyList<string>? details = null) => Add(new Flash(FlashKind.Error, text, null, details));

    /// <summary>The messages the previous request left, removed so a reload does not show them (or a secret) again.</summary>
    public IReadOnlyList<Flash> Take()
    {
        var context = accessor.HttpContext;
        if (context is null || !context.Request.Cookies.TryGetValue(CookieName, out var payload))
        {
            return [];
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
        try
        {
            return JsonSerializer.Deserialize<List<Flash>>(protector.Unprotect(payload)) ?? [];
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or JsonException)
        {
            return [];
        }
    }
}
