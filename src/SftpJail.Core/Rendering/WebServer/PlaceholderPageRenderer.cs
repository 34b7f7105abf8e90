using System.Net;
using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>The <c>index.html</c> a new site starts with, until its owner uploads one.</summary>
public static class PlaceholderPageRenderer
{
    public static string Render(SiteDomain domain)
    {
        // Display is the Unicode form of an IDN; it is encoded like any other text.
        var name = WebUtility.HtmlEncode(domain.Display);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{name}</title>
            </head>
            <body>
            <h1>{name}</h1>
            <p>Uploaded files appear here.</p>
            </body>
            </html>

            """;
    }
}
