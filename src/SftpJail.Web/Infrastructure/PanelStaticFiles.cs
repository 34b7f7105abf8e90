using Microsoft.Extensions.FileProviders;

namespace SftpJail.Web.Infrastructure;

public static class PanelStaticFiles
{
    /// <summary>
    /// Serves the top-level wwwroot/ that the build copies next to the panel's binaries; Panel:WebRoot overrides it
    /// (e.g. to try CSS changes without rebuilding).
    /// </summary>
    public static IApplicationBuilder UsePanelStaticFiles(this WebApplication app)
    {
        var configured = app.Configuration["Panel:WebRoot"];
        var root = !string.IsNullOrWhiteSpace(configured) ? Path.GetFullPath(configured) : Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException($"The panel's static files are missing: {root} (set Panel:WebRoot).");
        }

        return app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(root) });
    }
}
