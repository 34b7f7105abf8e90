using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Operations;

/// <summary>A staff browser that still has to enrol an authenticator is sent to enrolment, but a health probe is not.</summary>
public sealed class OperationsEnrolmentTests : IDisposable
{
    private readonly TwoFactorPanelFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task A_staff_session_without_an_authenticator_still_reads_healthz()
    {
        using var staff = await factory.LoginAsAsync(await factory.CreateStaffAsync());

        using var sites = await staff.GetAsync("/sites");
        using var health = await staff.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.Redirect, sites.StatusCode);
        Assert.Contains("EnableAuthenticator", sites.Headers.Location?.ToString());
        Assert.NotEqual(HttpStatusCode.Redirect, health.StatusCode);
        Assert.StartsWith("application/json", health.Content.Headers.ContentType?.ToString());
    }
}
