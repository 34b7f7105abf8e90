using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Processes;
using SftpJail.Executor.WebServer;

namespace SftpJail.Host.Tests.WebServer;

/// <summary>Web-server host tests start real daemons; within this collection they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WebServerCollection
{
    public const string Name = "web server";
}

/// <summary>
/// A real dedicated nginx or apache2 on 127.0.0.1 with random ports and its own config root under a unique
/// /var/lib/sjtest-* directory, driven by the executor's controller and installer. Dispose stops the daemon (killing
/// it if it lingers) and deletes the directory, even when the test failed.
/// </summary>
public sealed class WebServerHost : IAsyncDisposable
{
    private const UnixFileMode Mode755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly HttpClient http;

    private WebServerHost(string baseDir, HostProfile host, WebServerProfile web)
    {
        BaseDir = baseDir;
        Host = host;
        Web = web;
        var fileSystem = new HostFileSystem([AbsolutePath.Parse(baseDir)]);
        Controller = new WebServerController(web, new ProcessRunner(), fileSystem);
        Installer = new VhostInstaller(host, Controller, fileSystem);
        http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => IsTrusted(certificate) },
        })
        { Timeout = TimeSpan.FromSeconds(10) };
    }

    private readonly HashSet<string> trustedThumbprints = [];

    public string BaseDir { get; }

    public HostProfile Host { get; }

    public WebServerProfile Web { get; }

    public WebServerController Controller { get; }

    public VhostInstaller Installer { get; }

    public static async Task<WebServerHost> StartAsync(string kind, string layout = "SitesAvailable")
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        var baseDir = $"/var/lib/sjtest-web{id}";
        Directory.CreateDirectory(baseDir, Mode755);
        WebServerHost? server = null;
        try
        {
            var host = new HostProfileOptions
            {
                StateDir = $"{baseDir}/state",
                JailRoot = $"{baseDir}/www",
                AuthorizedKeysDir = $"{baseDir}/keys",
                JailGroup = "sjtweb" + id,
            }.ToProfile();
            var ports = FreePorts(2);
            var web = new WebServerProfileOptions
            {
                Kind = kind,
                Layout = layout,
                Mode = "Dedicated",
                ConfigRoot = $"{baseDir}/{kind.ToLowerInvariant()}",
                ListenAddress = "127.0.0.1",
                Port = ports[0],
                HttpsPort = ports[1],
            }.ToProfile(host);
            Directory.CreateDirectory(host.JailRoot.Value, Mode755);
            server = new WebServerHost(baseDir, host, web);
            await server.Controller.StartDedicatedAsync();
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
            else
            {
                Directory.Delete(baseDir, recursive: true);
            }

            throw;
        }
    }

    public static SiteSpec Site(string domain, bool enabled = true) => new(SiteDomain.Parse(domain), enabled, []);

    /// <summary>Puts a file straight into a site's html/ (root-owned 0755 chroot, 0644 file) as an upload would leave it.</summary>
    public void WriteSiteFile(SiteSpec site, string relativePath, byte[] content)
    {
        var file = Path.Combine(Host.UploadDirFor(site.Domain).Value, relativePath);
        for (var dir = Path.GetDirectoryName(file)!; !Directory.Exists(dir); dir = Path.GetDirectoryName(file)!)
        {
            Directory.CreateDirectory(dir, Mode755);
        }

        File.WriteAllBytes(file, content);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>A self-signed certificate and key written as PEM files under the test directory.</summary>
    public SiteCertificate CreateCertificate(string domain)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={domain}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(BaseDir, domain + ".crt");
        var keyFile = Path.Combine(BaseDir, domain + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        lock (trustedThumbprints)
        {
            trustedThumbprints.Add(certificate.GetCertHashString(HashAlgorithmName.SHA256));
        }

        return new SiteCertificate(AbsolutePath.Parse(certFile), AbsolutePath.Parse(keyFile));
    }

    /// <summary>GET with the given Host header, like <c>curl -H 'Host: …' http://127.0.0.1:port/path</c>.</summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> GetAsync(string hostHeader, string path = "/", bool https = false)
    {
        var port = https ? Web.Listen.HttpsPort!.Value : Web.Listen.HttpPort;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{(https ? "https" : "http")}://127.0.0.1:{port}{path}");
        request.Headers.Host = hostHeader;
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>
    /// Polls until the answer satisfies <paramref name="expected"/>: a reload is a signal to the master, and its new
    /// workers (and any newly bound port) take over moments after the command returns. Returns the last answer, or
    /// rethrows the last connection error, once the deadline passes.
    /// </summary>
    public async Task<(HttpStatusCode Status, byte[] Body)> GetEventuallyAsync(
        string hostHeader, Func<(HttpStatusCode Status, byte[] Body), bool> expected, string path = "/", bool https = false)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                var answer = await GetAsync(hostHeader, path, https);
                if (expected(answer) || DateTime.UtcNow > deadline)
                {
                    return answer;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow <= deadline)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        try
        {
            await Controller.StopDedicatedAsync();
        }
        finally
        {
            // SJTEST_KEEP=1 keeps the config root and logs of a failing run for a look.
            if (Environment.GetEnvironmentVariable("SJTEST_KEEP") != "1")
            {
                Directory.Delete(BaseDir, recursive: true);
            }
        }
    }

    // Only the certificates this test made are trusted: a successful HTTPS GET proves the server presented one of them.
    private bool IsTrusted(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var presented = new X509Certificate2(certificate);
        lock (trustedThumbprints)
        {
            return trustedThumbprints.Contains(presented.GetCertHashString(HashAlgorithmName.SHA256));
        }
    }

    /// <summary>
    /// Distinct free ports below the kernel's ephemeral range (32768 and up): a port from bind(0) can be handed to
    /// any outgoing socket, or another test, before nginx binds it, and the HTTPS port is only bound at the reload
    /// that adds the first TLS site.
    /// </summary>
    private static int[] FreePorts(int count)
    {
        var held = new List<TcpListener>();
        try
        {
            while (held.Count < count)
            {
                var listener = new TcpListener(IPAddress.Loopback, Random.Shared.Next(20000, 32768)) { ExclusiveAddressUse = true };
                try
                {
                    listener.Start();
                    held.Add(listener);
                }
                catch (SocketException)
                {
                    listener.Dispose();
                }
            }

            return [.. held.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            held.ForEach(l => l.Dispose());
        }
    }
}
