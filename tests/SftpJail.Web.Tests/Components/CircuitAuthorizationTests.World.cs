using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Data;
using SftpJail.Web.Identity;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>The matrix's shared panel: one customer's target site, and a Staff and an Admin account.</summary>
public sealed partial class CircuitAuthorizationTests
{
    public sealed class World : IAsyncLifetime
    {
        public PanelFactory Panel { get; } = new();

        public TestAccount Customer { get; private set; } = default!;

        public TestAccount Staff { get; private set; } = default!;

        public TestAccount Admin { get; private set; } = default!;

        public string Target { get; private set; } = "";

        public int TargetId { get; private set; }

        public string TargetUserName { get; private set; } = "";

        public TestAccount? AccountFor(string role) => role switch
        {
            PanelRoles.Customer => Customer,
            PanelRoles.Staff => Staff,
            PanelRoles.Admin => Admin,
            _ => null,
        };

        public async Task InitializeAsync()
        {
            var site = await Panel.AddCustomerAsync("matrix-target.example.org");
            Target = site.Domain;
            TargetId = site.Id;
            TargetUserName = site.UserName;
            Customer = site.Customer!;
            Staff = await Panel.CreateStaffAsync();
            Admin = await Panel.CreateAdminAsync();
        }

        public async Task<bool> TargetEnabledAsync()
        {
            await using var scope = Panel.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.Where(s => s.Domain == Target).Select(s => s.Enabled).SingleAsync();
        }

        public async Task SetTargetEnabledAsync(bool enabled)
        {
            await using var scope = Panel.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SftpJailDbContext>().Sites.Where(s => s.Domain == Target).ExecuteUpdateAsync(u => u.SetProperty(s => s.Enabled, enabled));
        }

        public async Task DisposeAsync() => await Panel.DisposeAsync();
    }
}
