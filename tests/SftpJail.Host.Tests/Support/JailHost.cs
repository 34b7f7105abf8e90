using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Executor;

namespace SftpJail.Host.Tests.Support;

/// <summary>
/// A disposable host: its own directories under /var/lib/sjtest-*, its own jail group, a dedicated sshd on a random
/// loopback port, and the executor engine configured for them. Dispose stops sshd and removes every user, group and
/// file it made, even when the test failed.
/// </summary>
public sealed class JailHost : IAsyncDisposable
{
    private JailHost(string id, string baseDir, int port, HostProfileOptions options, WebServerProfileOptions? web)
    {
        Id = id;
        BaseDir = baseDir;
        Port = port;
        Options = options;
        Profile = options.ToProfile();
        Web = web?.ToProfile(Profile);
        Engine = ExecutorEngine.Create(Profile, Web, NullLoggerFactory.Instance);
        Client = new OpenSshClient(port);
    }

    /// <summary>Six random lower-case letters; every name this host creates starts with "sjt" + Id.</summary>
    public string Id { get; }

    public string BaseDir { get; }

    public int Port { get; }

    public HostProfileOptions Options { get; }

    public HostProfile Profile { get; }

    public ExecutorEngine Engine { get; }

    /// <summary>The dedicated web server, when the host was created with one.</summary>
    public WebServerProfile? Web { get; }

    public OpenSshClient Client { get; }

    public string JailRoot => Profile.JailRoot.Value;

    public string DropInPath => Profile.SshdDropInPath.Value;

    /// <param name="webServer">"Nginx" or "Apache" for a dedicated web server on a random loopback port.</param>
    public static Task<JailHost> CreateAsync(Action<HostProfileOptions>? configure = null, string? webServer = null)
    {
        var id = new string(Enumerable.Range(0, 6).Select(_ => (char)('a' + Random.Shared.Next(26))).ToArray());
        var baseDir = $"/var/lib/sjtest-{id}";
        Directory.CreateDirectory(baseDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var port = FreePort();
        var options = Configure(baseDir, id, port);
        configure?.Invoke(options);
        var web = webServer is null ? null : new WebServerProfileOptions
        {
            Kind = webServer,
            Mode = "Dedicated",
            ConfigRoot = $"{baseDir}/{webServer.ToLowerInvariant()}",
            ListenAddress = "127.0.0.1",
            Port = FreePort(),
            HttpsPort = 0,
        };
        return Task.FromResult(new JailHost(id, baseDir, port, options, web));
    }

    public static HostProfileOptions Configure(string baseDir, string id, int port) => new()
    {
        Family = "Debian",
        JailGroup = $"sjt{id}jail",
        WebGroup = "www-data",
        JailRoot = $"{baseDir}/www",
        AuthorizedKeysDir = $"{baseDir}/etc/keys",
        StateDir = $"{baseDir}/state",
        SshdMode = "Dedicated",
        ListenAddress = "127.0.0.1",
        Port = port,
    };

    /// <summary>A user name unique to this host.</summary>
    public string UserName(string suffix) => $"sjt{Id}{suffix}";

    /// <summary>A second engine over the same host with different settings (e.g. a cipher sshd will refuse).</summary>
    public ExecutorEngine EngineWith(Action<HostProfileOptions> change)
    {
        var options = Configure(BaseDir, Id, Port);
        change(options);
        return ExecutorEngine.Create(options.ToProfile(), NullLoggerFactory.Instance);
    }

    public Task<ApplyResult> ApplyAsync(DesiredStateDto state, params PasswordChange[] passwords) => Engine.ApplyAsync(state, passwords);

    public async ValueTask DisposeAsync()
    {
        if (Web is not null && File.Exists(Web.PidFile.Value) && int.TryParse(File.ReadAllText(Web.PidFile.Value).Trim(), out var webPid))
        {
            await HostCommand.RunAsync("kill", [webPid.ToString()]);
            for (var i = 0; i < 50 && Directory.Exists($"/proc/{webPid}"); i++)
            {
                await Task.Delay(100);
            }
        }

        var pidFile = Path.Combine(Profile.SshdMainConfigPath.Parent!.Value, "sshd.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            await HostCommand.RunAsync("kill", [pid.ToString()]);
        }

        var passwd = await File.ReadAllLinesAsync("/etc/passwd");
        foreach (var user in passwd.Select(line => line.Split(':')[0]).Where(name => name.StartsWith($"sjt{Id}", StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("userdel", [user]);
        }

        var groups = await File.ReadAllLinesAsync("/etc/group");
        foreach (var group in groups.Select(line => line.Split(':')[0]).Where(name => name.StartsWith($"sjt{Id}", StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("groupdel", [group]);
        }

        if (Directory.Exists(BaseDir))
        {
            // Directory.Delete removes symlinks without following them.
            Directory.Delete(BaseDir, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
