using MudBlazor;

namespace SftpJail.Web.Components.Layout;

public static class PanelTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1f5f99", AppbarBackground = "#1e2a36", Background = "#f6f7f9" },
        PaletteDark = new PaletteDark { Primary = "#6ea8fe", AppbarBackground = "#151b22" },
        LayoutProperties = new LayoutProperties { DrawerWidthLeft = "230px" },
    };
}
