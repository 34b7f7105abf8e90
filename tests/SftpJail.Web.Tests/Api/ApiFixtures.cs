using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Data.ApiTokens;
using SftpJail.Data.Services;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Api;

/// <summary>Tokens made straight through <see cref="ApiTokenService"/>, and HTTP clients that send them (no cookies, no redirects).</summary>
public static class ApiFixtures
{
    public const string LaptopKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICOih2Z79UCLEYbtl9/yhOzyO/5ozZj2VgQX/NMKapGM laptop@test";

    public static async Task<string> CreateTokenAsync(this PanelFactory panel, TestAccount owner, ApiTokenScope scope, int days = 30)
    {
        await using var scopeServices = panel.Services.CreateAsyncScope();
        var created = await scopeServices.ServiceProvider.GetRequiredService<ApiTokenService>()
            .CreateAsync(new NewApiToken(owner.Email, $"test {scope}", scope, days), new Actor("test:fixture"));
        Assert.True(created.Succeeded, created.Error);
        return created.Token!;
    }

    /// <summary>A new account of <paramref name="role"/> and a token of the same scope.</summary>
    public static async Task<(TestAccount Owner, string Token)> AccountWithTokenAsync(this PanelFactory panel, ApiTokenScope role)
    {
        var owner = await panel.CreateAccountAsync(role.ToString());
        return (owner, await panel.CreateTokenAsync(owner, role));
    }

    public static async Task RevokeAsync(this PanelFactory panel, string token)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        Assert.True(ApiTokenSecret.TryParse(token, out var keyId, out _));
        var id = await db.Set<ApiToken>().Where(t => t.KeyId == keyId).Select(t => t.Id).SingleAsync();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<ApiTokenService>().RevokeAsync(id, new Actor("test:fixture")));
    }

    public static async Task ExpireAsync(this PanelFactory panel, string token)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SftpJailDbContext>();
        Assert.True(ApiTokenSecret.TryParse(token, out var keyId, out _));
        var past = DateTimeOffset.UtcNow.AddMinutes(-1);
        Assert.Equal(1, await db.Set<ApiToken>().Where(t => t.KeyId == keyId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, past)));
    }

    public static async Task<ApiToken> ReadTokenAsync(this PanelFactory panel, string token)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        Assert.True(ApiTokenSecret.TryParse(token, out var keyId, out _));
        return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Set<ApiToken>().AsNoTracking().SingleAsync(t => t.KeyId == keyId);
    }

    public static HttpClient Api(this PanelFactory panel, string? token)
    {
        var client = panel.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(text.Length > 0, $"{(int)response.StatusCode} with an empty body");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) => client.PostAsJsonAsync(path, body);

    /// <summary>The Problem Details of a refused call, after checking its status and media type.</summary>
    public static async Task<string> ProblemDetailAsync(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }
}

/// <summary>The panel with a tiny per-token budget, so the rate-limit test needs a handful of calls.</summary>
public sealed class RateLimitedPanelFactory : ApiLimitsPanelFactory
{
    public RateLimitedPanelFactory()
        : base(3)
    {
    }
}

/// <summary>The panel with budgets large enough for the authorization matrix's hundreds of calls from one address.</summary>
public sealed class UnlimitedPanelFactory : ApiLimitsPanelFactory
{
    public UnlimitedPanelFactory()
        : base(100_000)
    {
    }
}

public abstract class ApiLimitsPanelFactory(int perMinute) : PanelFactory
{
    public int PerMinute => perMinute;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Api:RequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Api:AnonymousRequestsPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }
}
