using SftpJail.Web;
using SftpJail.Web.Components;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;

var builder = WebApplication.CreateBuilder(args);
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
app.UsePanelStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<TwoFactorEnrolmentMiddleware>();
app.UseMiddleware<NulFormGuard>();
app.UseAntiforgery();

app.MapRazorComponents<App>();
app.MapPanelEndpoints();

app.Run();

/// <summary>Entry point; public for <c>WebApplicationFactory</c> in the tests.</summary>
public partial class Program;
