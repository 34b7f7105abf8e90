using System.Net;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// A NUL character anywhere in a posted form makes ASP.NET Core's form reader (and with it the antiforgery check) fail
/// with a misleading "antiforgery token" error. No field of the panel can legitimately hold one, so such posts are
/// refused here, before any handler runs, with a message that says what was wrong.
/// </summary>
public sealed class NulFormGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType && await ContainsNulAsync(context))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Refused · SftpJail</title></head><body>" +
                "<h1>Refused</h1><p data-form-message>" + WebUtility.HtmlEncode(Message) + "</p><p><a href=\"/\">Back to the panel</a></p></body></html>");
            return;
        }

        await next(context);
    }

    public const string Message = "The form contained a NUL character, which no field accepts. Nothing was changed.";

    private static async Task<bool> ContainsNulAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            return form.Any(field => field.Key.Contains('\0', StringComparison.Ordinal) || field.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true));
        }
        catch (InvalidDataException)
        {
            return true;
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
    }
}
