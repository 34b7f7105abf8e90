using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>A browser without JavaScript: its own cookies, no automatic redirects, forms submitted as the HTML says.</summary>
public sealed class PanelClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http => http;

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<Page> GetPageAsync(string path)
    {
        var response = await http.GetAsync(path);
        return await Page.ReadAsync(path, response);
    }

    /// <summary>Loads <paramref name="path"/>, finds the form whose Blazor handler name is <paramref name="formName"/>, and submits it with the given fields changed.</summary>
    public async Task<Page> SubmitAsync(string path, string formName, IDictionary<string, string>? fields = null)
    {
        var page = await GetPageAsync(path);
        Assert.True(page.Status == HttpStatusCode.OK, $"GET {path} returned {(int)page.Status}");
        return await SubmitAsync(page, formName, fields);
    }

    public async Task<Page> SubmitAsync(Page page, string formName, IDictionary<string, string>? fields = null)
    {
        var form = page.Form(formName);
        var values = FormValues(form);
        foreach (var (name, value) in fields ?? new Dictionary<string, string>())
        {
            values[name] = value;
        }

        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Path : "/" + form.GetAttribute("action")!.TrimStart('/');
        return await PostAsync(action, values);
    }

    public async Task<Page> PostAsync(string path, IDictionary<string, string> values)
    {
        using var content = new FormUrlEncodedContent(values);
        var response = await http.PostAsync(path, content);
        return await Page.ReadAsync(path, response);
    }

    /// <summary>Follows one redirect (as a browser would after a POST) and returns the page it leads to.</summary>
    public async Task<Page> FollowAsync(Page page)
    {
        Assert.True(page.IsRedirect, $"expected a redirect from {page.Path}, got {(int)page.Status}: {page.Text()[..Math.Min(400, page.Text().Length)]}");
        return await GetPageAsync(LocalPath(page.Location!));
    }

    public void Dispose() => http.Dispose();

    /// <summary>A redirect target as a path on this server ("/x?y"), whether the server sent it absolute or relative.</summary>
    public static string LocalPath(Uri location) =>
        location.IsAbsoluteUri ? location.PathAndQuery : "/" + location.OriginalString.TrimStart('/');

    private static Dictionary<string, string> FormValues(IElement form)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var element in form.QuerySelectorAll("input[name], textarea[name], select[name]"))
        {
            var name = element.GetAttribute("name")!;
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "checkbox" or "radio":
                    if (input.IsChecked)
                    {
                        values[name] = input.Value;
                    }

                    break;
                case IHtmlInputElement { Type: "submit" or "file" }:
                    break;
                case IHtmlInputElement input:
                    values[name] = input.Value;
                    break;
                case IHtmlTextAreaElement area:
                    values[name] = area.Value;
                    break;
                case IHtmlSelectElement select:
                    values[name] = select.Value ?? "";
                    break;
            }
        }

        return values;
    }

    public sealed class Page(string path, HttpResponseMessage response, IDocument document, string html)
    {
        public string Path => path;

        public HttpStatusCode Status => response.StatusCode;

        public HttpResponseMessage Response => response;

        public IDocument Document => document;

        public string Html => html;

        public bool IsRedirect => Status is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect;

        public Uri? Location => response.Headers.Location;

        public static async Task<Page> ReadAsync(string path, HttpResponseMessage response)
        {
            var html = await response.Content.ReadAsStringAsync();
            return new Page(path, response, await Parser.ParseDocumentAsync(html), html);
        }

        public string Text() => document.Body?.TextContent ?? html;

        public IElement Form(string formName) =>
            document.QuerySelectorAll("form").FirstOrDefault(f => f.QuerySelector($"input[name=_handler][value='{formName}']") is not null)
            ?? throw new InvalidOperationException($"No form '{formName}' on {path}. Forms: {string.Join(", ", document.QuerySelectorAll("input[name=_handler]").Select(h => h.GetAttribute("value")))}");

        public IReadOnlyList<string> ValidationMessages() =>
            document.QuerySelectorAll(".validation-message, [data-form-message], .alert-danger").Select(e => e.TextContent.Trim()).ToList();

        public string? Flash(FlashSelector which = FlashSelector.Any) =>
            document.QuerySelector(which == FlashSelector.Secret ? "[data-secret]" : "[data-flash]")?.TextContent.Trim();
    }

    public enum FlashSelector
    {
        Any,
        Secret,
    }
}
