using SftpJail.Web;
using SftpJail.Web.Components;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

// Run from the build output in any environment (the tests and a Production start from bin/), the static web assets
// manifest maps _framework/, _content/ and wwwroot/ to their sources; a published panel has no such manifest and serves
// its own wwwroot/, so this does nothing there.
builder.WebHost.UseStaticWebAssets();
builder.AddSftpJailPanel();

var app = builder.Build();
app.UseMiddleware<SecurityHeaders>();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
}

app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
app.UseMiddleware<StatusPagesForReadsOnly>();
app.UseMiddleware<SftpJail.Web.Api.ApiErrors>(); // Problem Details, not status pages, under /api
app.UseAuthentication();
app.UseRateLimiter(); // after authentication: the API's limits are per token
app.UseAuthorization();
app.UseMiddleware<TwoFactorEnrolmentMiddleware>();
app.UseMiddleware<PasswordChangeRequiredMiddleware>();
app.UseMiddleware<NulFormGuard>();
app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapPanelEndpoints();

app.Run();

/// <summary>Entry point; public for <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
