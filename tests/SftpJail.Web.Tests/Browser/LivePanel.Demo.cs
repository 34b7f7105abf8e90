using System.Diagnostics;

namespace SftpJail.Web.Tests.Browser;

/// <summary>
/// The README's start command, <c>dotnet run --project src/SftpJail.Web</c>, as a child process: the built panel run
/// from the project directory with the environment its launch profile sets (Development), so appsettings.Development.json
/// decides everything. Only what must differ on a shared test machine is given: free ports for the panel, the dedicated
/// sshd and the dedicated nginx, and <c>Demo:Root</c> under a fresh directory that stands in for /var/lib.
/// </summary>
public sealed partial class LivePanel
{
    /// <summary>The jail group appsettings.Development.json gives the demo.</summary>
    public const string DemoJailGroup = "sftpjail-demo";

    /// <summary>The demo root (<c>Demo:Root</c>), which does not exist when the panel starts.</summary>
    public string DemoRoot => $"{BaseDir}/sftpjail-demo";

    /// <summary>The dedicated nginx's port, when the demo was started with its web server on.</summary>
    public int WebPort { get; private init; }

    /// <param name="withWebServer">Adds the README's <c>--WebServer:Kind=Nginx</c>: a dedicated nginx serves every site.</param>
    public static async Task<LivePanel> StartReadmeDemoAsync(bool withWebServer)
    {
        var id = new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var standIn = $"/var/lib/sjdemo-{id}";
        Directory.CreateDirectory(standIn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var demoRoot = $"{standIn}/sftpjail-demo";
        var httpPort = FreePort();
        var sshPort = FreePort();
        var webPort = FreePort();
        var createdGroup = (await File.ReadAllLinesAsync("/etc/group")).Any(l => l.StartsWith(DemoJailGroup + ":", StringComparison.Ordinal)) ? null : DemoJailGroup;

        // dotnet run starts the app in the project directory (its content root) with the launch profile's variables.
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ProjectDirectory("src/SftpJail.Web"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{httpPort}";
        start.ArgumentList.Add(Path.Combine(Path.GetDirectoryName(typeof(SftpJail.Web.PanelExtensions).Assembly.Location)!, "SftpJail.Web.dll"));
        start.ArgumentList.Add($"--Demo:Root={demoRoot}");
        start.ArgumentList.Add($"--Host:Port={sshPort}");
        if (withWebServer)
        {
            start.ArgumentList.Add("--WebServer:Kind=Nginx");
            start.ArgumentList.Add($"--WebServer:Port={webPort}");
        }

        var layout = new Layout($"{demoRoot}/state", $"{demoRoot}/sites", $"{demoRoot}/keys", DemoJailGroup, createdGroup);
        var panel = new LivePanel(id, standIn, httpPort, sshPort, Process.Start(start)!, layout) { WebPort = withWebServer ? webPort : 0 };
        try
        {
            await panel.WaitForAsync(SetupUrl(), TimeSpan.FromSeconds(120));
        }
        catch
        {
            await panel.DisposeAsync();
            throw;
        }

        return panel;
    }

    /// <summary>A directory of the source tree, found upwards from the test's build output.</summary>
    public static string ProjectDirectory(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SftpJail.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        throw new DirectoryNotFoundException("The test does not run inside the SftpJail source tree.");
    }
}
