using MudBlazor;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Layout;

/// <summary>The panel's navigation, shared by the drawer (interactive pages) and the plain-link menu (static pages).</summary>
public static class NavItems
{
    public sealed record Item(string Href, string Label, string Icon, string Roles, bool ExactMatch = false);

    public static readonly IReadOnlyList<Item> All =
    [
        new("", "Dashboard", Icons.Material.Filled.Dashboard, PanelRoles.AdminOrStaff, ExactMatch: true),
        new("sites", "Sites", Icons.Material.Filled.Language, PanelRoles.AdminOrStaff, ExactMatch: true),
        new("sites/add", "Add customer", Icons.Material.Filled.PersonAdd, PanelRoles.AdminOrStaff),
        new("sites/import", "Import", Icons.Material.Filled.UploadFile, PanelRoles.AdminOrStaff),
        new("host", "Host", Icons.Material.Filled.Dns, PanelRoles.Admin, ExactMatch: true),
        new("host/ssh", "SSH access", Icons.Material.Filled.Key, PanelRoles.Admin),
        new("audit", "Audit", Icons.Material.Filled.FactCheck, PanelRoles.Admin),
        new("accounts", "Accounts", Icons.Material.Filled.ManageAccounts, PanelRoles.Admin, ExactMatch: true),
        new("accounts/tokens", "API tokens", Icons.Material.Filled.Token, PanelRoles.Admin),
        new("connect", "My sites", Icons.Material.Filled.Language, PanelRoles.Customer),
    ];
}
