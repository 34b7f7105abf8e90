using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.WebServer;

public sealed class PlaceholderPageRendererTests
{
    [Fact]
    public void Names_the_site_and_says_where_uploads_appear()
    {
        var html = PlaceholderPageRenderer.Render(SiteDomain.Parse("example.com"));

        Assert.Equal(
            """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>example.com</title>
            </head>
            <body>
            <h1>example.com</h1>
            <p>Uploaded files appear here.</p>
            </body>
            </html>

            """,
            html);
    }

    [Fact]
    public void Shows_an_internationalised_name_in_its_Unicode_form_html_encoded()
    {
        var html = PlaceholderPageRenderer.Render(SiteDomain.Parse("bücher.example"));

        Assert.Contains("<h1>b&#252;cher.example</h1>", html);
        Assert.DoesNotContain("xn--", html);
    }
}
