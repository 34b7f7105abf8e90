using System.Net;
using System.Net.Sockets;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Install;

/// <summary>
/// Where the install scripts put everything for one test: all under the JailHost's base directory (removed with it),
/// with the JailHost's state directory, jail root and dedicated sshd, and a panel account named with its prefix.
/// </summary>
public sealed class InstallLayout(JailHost host)
{
    public string Base { get; } = host.BaseDir;

    public string Prefix => Path.Combine(Base, "opt");

    public string ConfigDir => Path.Combine(Base, "sftpjail-etc");

    public string UnitDir => Path.Combine(Base, "systemd");

    public string PanelStateDir => Path.Combine(Base, "panel");

    public string RuntimeDir => Path.Combine(Base, "run");

    public string SocketPath => Path.Combine(RuntimeDir, "executor.sock");

    public string PanelUser => host.UserName("panel");

    public int PanelPort { get; } = FreePort();

    public string PanelUrl => $"http://127.0.0.1:{PanelPort}";

    /// <summary>Every directory the install writes, for before/after comparisons.</summary>
    public IEnumerable<string> Roots => [Prefix, ConfigDir, UnitDir, PanelStateDir, host.Profile.StateDir.Value, host.JailRoot];

    /// <summary>Where the test's drop-in points the nightly backup (the unit's default is /var/backups/sftpjail).</summary>
    public string BackupDir => Path.Combine(Base, "backups");

    /// <summary>Every unit install.sh installs: the two services and the nightly backup's service and timer.</summary>
    public static IReadOnlyList<string> Units { get; } = ["sftpjail-executor.service", "sftpjail-panel.service", "sftpjail-backup.service", "sftpjail-backup.timer"];

    public string UnitPath(string unit) => Path.Combine(UnitDir, unit);

    public Task<HostCommand.Output> RunScriptAsync(string script, params string[] args) =>
        HostCommand.RunAsync(
            "bash",
            new[]
            {
                Path.Combine(RepositoryRoot, "deploy", script),
                "--prefix", Prefix, "--config-dir", ConfigDir, "--unit-dir", UnitDir,
                "--state-dir", host.Profile.StateDir.Value, "--panel-state-dir", PanelStateDir,
                "--jail-root", host.JailRoot, "--panel-user", PanelUser,
            }.Concat(args),
            timeoutSeconds: 120);

    /// <summary>
    /// The solution's own build as a prebuilt release ({web,executor,cli} linked to each project's bin directory,
    /// built with the same configuration as this test); install.sh copies it, as it would a publish. With
    /// <paramref name="publishWeb"/> the panel is a real `dotnet publish --no-build` instead: its build output maps
    /// static web assets to the NuGet cache under /root, which the panel's unprivileged user cannot read.
    /// </summary>
    public async Task<string> PrebuiltAsync(bool publishWeb = false)
    {
        var prebuilt = Path.Combine(Base, publishWeb ? "prebuilt-published" : "prebuilt");
        Directory.CreateDirectory(prebuilt);
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        foreach (var (part, project) in new[] { ("web", "SftpJail.Web"), ("executor", "SftpJail.Executor"), ("cli", "SftpJail.Cli") })
        {
            var output = Path.Combine(RepositoryRoot, "src", project, "bin", configuration, framework);
            if (!File.Exists(Path.Combine(output, project == "SftpJail.Cli" ? "sftpjail" : project)))
            {
                throw new InvalidOperationException($"{output} has no {project} apphost: build the solution (dotnet build SftpJail.sln -c {configuration}) first.");
            }

            var target = Path.Combine(prebuilt, part);
            if (Path.Exists(target))
            {
                continue;
            }

            if (part == "web" && publishWeb)
            {
                var publish = await HostCommand.RunAsync(
                    "dotnet",
                    ["publish", Path.Combine(RepositoryRoot, "src", project), "-c", configuration, "--no-build", "--nologo", "-v", "q", "-o", target],
                    timeoutSeconds: 150);
                Assert.True(publish.ExitCode == 0, publish.All);
            }
            else
            {
                File.CreateSymbolicLink(target, output);
            }
        }

        return prebuilt;
    }

    /// <summary>
    /// A next release that differs from <see cref="PrebuiltAsync"/> in the executor only: a copy of it with one file more
    /// (<paramref name="addedFile"/>) and its appsettings.json changed.
    /// </summary>
    public async Task<string> NextReleaseAsync(string addedFile)
    {
        var current = await PrebuiltAsync();
        var next = Path.Combine(Base, "prebuilt-next");
        Directory.CreateDirectory(Path.Combine(next, "executor"));
        foreach (var part in new[] { "web", "cli" })
        {
            File.CreateSymbolicLink(Path.Combine(next, part), new DirectoryInfo(Path.Combine(current, part)).LinkTarget!);
        }

        var executor = new DirectoryInfo(Path.Combine(current, "executor")).LinkTarget!;
        foreach (var file in Directory.GetFiles(executor))
        {
            File.Copy(file, Path.Combine(next, "executor", Path.GetFileName(file)));
        }

        File.WriteAllText(Path.Combine(next, "executor", addedFile), "new in this release\n");
        File.AppendAllText(Path.Combine(next, "executor", "appsettings.json"), "\n");
        return next;
    }

    /// <summary>What systemd does for RuntimeDirectory= before each start: an empty root-owned directory.</summary>
    public void CreateRuntimeDirectory()
    {
        if (Directory.Exists(RuntimeDir))
        {
            Directory.Delete(RuntimeDir, recursive: true);
        }

        Directory.CreateDirectory(RuntimeDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
    }

    /// <summary>The overrides an administrator would put in drop-ins on this test host.</summary>
    public void WriteTestDropIns()
    {
        var options = host.Options;
        File.WriteAllText(
            Path.Combine(UnitPath("sftpjail-executor.service") + ".d", "90-test.conf"),
            $"""
            [Service]
            Environment=SFTPJAIL_Executor__SocketPath={SocketPath}
            Environment=SFTPJAIL_Host__SshdMode={options.SshdMode} SFTPJAIL_Host__ListenAddress={options.ListenAddress} SFTPJAIL_Host__Port={options.Port}
            Environment=SFTPJAIL_Host__JailGroup={options.JailGroup} SFTPJAIL_Host__WebGroup={options.WebGroup} SFTPJAIL_Host__AuthorizedKeysDir={options.AuthorizedKeysDir}

            """);
        File.WriteAllText(
            Path.Combine(UnitPath("sftpjail-backup.service") + ".d", "90-test.conf"),
            $"""
            [Service]
            Environment=SFTPJAIL_BACKUP_DIR={BackupDir}
            Environment=SFTPJAIL_Host__SshdMode={options.SshdMode} SFTPJAIL_Host__ListenAddress={options.ListenAddress} SFTPJAIL_Host__Port={options.Port}
            Environment=SFTPJAIL_Host__JailGroup={options.JailGroup} SFTPJAIL_Host__WebGroup={options.WebGroup} SFTPJAIL_Host__AuthorizedKeysDir={options.AuthorizedKeysDir}

            """);
        File.WriteAllText(
            Path.Combine(UnitPath("sftpjail-panel.service") + ".d", "90-test.conf"),
            $"""
            [Service]
            Environment=ASPNETCORE_URLS={PanelUrl}
            Environment=Executor__SocketPath={SocketPath}

            """);
    }

    /// <summary>The installed CLI as the panel's user, on the panel's database and the executor's socket.</summary>
    public Task<HostCommand.Output> RunCliAsync(string? stdin, params string[] args)
    {
        var panel = UnitFile.Load(UnitPath("sftpjail-panel.service"));
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ROOT"] = panel.Environment["DOTNET_ROOT"],
            ["HOME"] = PanelStateDir,
            ["SFTPJAIL_ConnectionStrings__SftpJail"] = panel.Environment["ConnectionStrings__SftpJail"],
            ["SFTPJAIL_Executor__Mode"] = "Socket",
            ["SFTPJAIL_Executor__SocketPath"] = SocketPath,
        };
        return HostCommand.RunAsync(
            "setpriv",
            new[] { $"--reuid={PanelUser}", $"--regid={PanelUser}", "--init-groups", "--", Path.Combine(Prefix, "cli", "sftpjail") }.Concat(args),
            environment,
            stdin,
            timeoutSeconds: 120);
    }

    private static string RepositoryRoot { get; } = FindRepositoryRoot();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SftpJail.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SftpJail.sln above {AppContext.BaseDirectory}.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
