using Microsoft.AspNetCore.Diagnostics;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Status pages are re-executed for GET and HEAD only. Re-executing a refused POST (say, one without its antiforgery
/// token) runs its form through the pipeline again, which ASP.NET Core answers with an exception: a 500 instead of
/// the 400. A refused POST keeps its own status and short body.
/// </summary>
public sealed class StatusPagesForReadsOnly(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            && context.Features.Get<IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }

        return next(context);
    }
}
