using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SftpJail.Host.Tests.Install;

/// <summary>
/// The installed panel driven over HTTP as its first administrator would: the one-time setup link from the panel's
/// log makes the Admin, who enrols an authenticator (codes computed here, as an app would) because the installed
/// panel requires it before an Admin's token is accepted. Forms are read with regular expressions: the test host has
/// no HTML parser, and these are the panel's own static-rendered forms.
/// </summary>
public sealed partial class InstalledPanelAdmin(string baseUrl) : IDisposable
{
    private readonly HttpClient http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static string? SetupPath(string panelOutput) => SetupLink().Match(panelOutput) is { Success: true } match ? match.Value : null;

    public async Task CreateAndEnrolAsync(string setupPath, string email, string password)
    {
        var created = await SubmitAsync(setupPath, "first-admin", new() { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.True(created.StatusCode == HttpStatusCode.Redirect, $"first-admin setup: {(int)created.StatusCode} {await created.Content.ReadAsStringAsync()}");

        const string Enrol = "/Account/Manage/EnableAuthenticator?required=true";
        var page = await http.GetStringAsync(Enrol);
        var key = SharedKey().Match(page) is { Success: true } found ? WebUtility.HtmlDecode(found.Groups[1].Value) : throw new InvalidOperationException("no authenticator key on the page:\n" + page);
        var verified = await SubmitAsync(Enrol, "enable-2fa", new() { ["Input.Code"] = TotpCode(key) }, page);
        var body = await verified.Content.ReadAsStringAsync();
        Assert.True(body.Contains("data-recovery-codes", StringComparison.Ordinal), $"two-factor enrolment: {(int)verified.StatusCode} {body}");
    }

    /// <summary>A JSON POST to the API with a token and no cookie (a separate client, as a script would be).</summary>
    public async Task<HttpResponseMessage> PostApiAsync(string path, string token, object body)
    {
        using var api = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await api.PostAsJsonAsync(path, body);
    }

    public void Dispose() => http.Dispose();

    /// <summary>Posts the named form of the page at <paramref name="path"/> with its antiforgery token and these fields.</summary>
    private async Task<HttpResponseMessage> SubmitAsync(string path, string formName, Dictionary<string, string> fields, string? page = null)
    {
        page ??= await http.GetStringAsync(path);
        var form = Forms().Matches(page).Select(m => m.Value).FirstOrDefault(f => f.Contains($"value=\"{formName}\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"no form {formName} on {path}:\n{page}");
        var values = new Dictionary<string, string>(fields)
        {
            ["_handler"] = formName,
            ["__RequestVerificationToken"] = Antiforgery().Match(form) is { Success: true } token ? WebUtility.HtmlDecode(token.Groups[1].Value) : throw new InvalidOperationException($"form {formName} has no antiforgery token"),
        };
        using var content = new FormUrlEncodedContent(values);
        return await http.PostAsync(path, content);
    }

    /// <summary>RFC 6238 (SHA-1, 30 s, 6 digits) from a base32 key, spaces and case ignored.</summary>
    private static string TotpCode(string base32Key)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var key = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in base32Key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant().TrimEnd('='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                key.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        var counter = BitConverter.GetBytes(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counter);
        }

#pragma warning disable CA5350 // RFC 6238's default, what authenticator apps and Identity use.
        var hash = HMACSHA1.HashData(key.ToArray(), counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLink();

    [GeneratedRegex(@"data-shared-key[^>]*>([^<]+)<")]
    private static partial Regex SharedKey();

    [GeneratedRegex(@"<form\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
