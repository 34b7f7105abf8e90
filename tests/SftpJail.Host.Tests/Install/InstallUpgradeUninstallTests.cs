using System.Net;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Install;

/// <summary>
/// deploy/install.sh and deploy/uninstall.sh for real, into a layout under a JailHost's directory (so nothing under
/// /opt or /etc is touched): install twice (the second changes nothing), `systemd-analyze verify` the installed
/// units, start them as systemd would (no systemd as PID 1 here: each unit's ExecStart with its User= and
/// Environment=, NOTIFY_SOCKET for the executor), make the first Admin and a token with the installed CLI, add a
/// customer through the REST API, log in with the real sftp, run the nightly backup's service once, then uninstall
/// and check the customer is untouched. Every account, file and process is removed at the end,
/// also when a step fails.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class InstallUpgradeUninstallTests : IAsyncLifetime
{
    private const string Password = "an-installed-password-9";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(60);

    private readonly List<UnitProcess> processes = [];
    private JailHost host = null!;
    private InstallLayout layout = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        layout = new InstallLayout(host);
    }

    public async Task DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        // Users and groups with the host's prefix (the panel account too), the dedicated sshd and the whole base directory.
        await host.DisposeAsync();
    }

    [Fact(Timeout = 240_000)]
    public async Task Install_twice_start_the_units_serve_a_customer_over_sftp_and_uninstall_leaving_the_customer()
    {
        // Install, then again: the same files, modes, owners and accounts, and the script says nothing changed.
        var release = await layout.PrebuiltAsync(publishWeb: true);
        var first = await layout.RunScriptAsync("install.sh", "--prebuilt", release);
        Assert.True(first.ExitCode == 0, first.All);
        var installed = await InstalledTree.SnapshotAsync(layout.Roots, layout.PanelUser);
        var second = await layout.RunScriptAsync("install.sh", "--prebuilt", release);
        Assert.True(second.ExitCode == 0, second.All);
        Assert.Equal(installed, await InstalledTree.SnapshotAsync(layout.Roots, layout.PanelUser));
        Assert.Contains("nothing changed", second.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("wrote ", second.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"created user {layout.PanelUser}", first.StandardOutput, StringComparison.Ordinal);

        // The units as installed pass systemd's own checker (their ExecStart binaries and paths exist now).
        var verify = await HostCommand.RunAsync(
            "systemd-analyze",
            ["verify", .. InstallLayout.Units.Select(layout.UnitPath)],
            new Dictionary<string, string> { ["SYSTEMD_UNIT_PATH"] = layout.UnitDir + ":" });
        Assert.True(verify.ExitCode == 0 && verify.StandardError.Trim().Length == 0, verify.All);
        var executorUnit = UnitFile.Load(layout.UnitPath("sftpjail-executor.service"));
        var panelUnit = UnitFile.Load(layout.UnitPath("sftpjail-panel.service"));
        Assert.Equal("notify", executorUnit.Value("Type"));
        Assert.Contains("sftpjail-executor.service", panelUnit.Values("Unit.Requires").SelectMany(UnitFile.Words));
        Assert.Contains("sftpjail-executor.service", panelUnit.Values("Unit.After").SelectMany(UnitFile.Words));
        Assert.Equal(layout.PanelUser, panelUnit.Value("User"));

        // What an admin's `systemctl edit` would add on this test host: the dedicated sshd, a free port, a socket here.
        layout.WriteTestDropIns();
        executorUnit = UnitFile.Load(layout.UnitPath("sftpjail-executor.service"));
        panelUnit = UnitFile.Load(layout.UnitPath("sftpjail-panel.service"));

        // The executor: READY=1 only once its socket exists (checked at the moment READY arrives).
        layout.CreateRuntimeDirectory();
        using var notify = new NotifySocket(Path.Combine(layout.Base, "notify.sock"));
        var executor = Start(executorUnit, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = notify.Path });
        var socketAtReady = await WaitAsync(executor, notify.WaitForReadyAsync(StepTimeout, () => File.Exists(layout.SocketPath)));
        Assert.True(socketAtReady, $"READY=1 came before {layout.SocketPath} existed.\n{executor.Output}");

        // The panel, as its unit's User=, answering over HTTP.
        var panel = Start(panelUnit);
        var health = await WaitAsync(panel, WaitForPanelAsync(panel));
        Assert.True(health.IsSuccessStatusCode, $"{health.RequestMessage?.RequestUri}: {(int)health.StatusCode}\n{panel.Output}");

        // Before any customer: the executor started the dedicated sshd itself, so every check of /healthz is green.
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var healthz = await http.GetAsync(layout.PanelUrl + "/healthz");
            Assert.True(healthz.StatusCode == HttpStatusCode.OK, $"/healthz {(int)healthz.StatusCode}: {await healthz.Content.ReadAsStringAsync()}\n{panel.Output}\n{executor.Output}");
        }

        // A customer added through the REST API (the README's curl flow): the first Admin from the setup link in the
        // panel's log, its authenticator, a Staff token from the installed CLI, then POST /api/v1/sites; it logs in with sftp.
        var user = host.UserName("c");
        using var admin = new InstalledPanelAdmin(layout.PanelUrl);
        var adminEmail = $"admin@{host.Id}.example";
        await admin.CreateAndEnrolAsync(await WaitForSetupPathAsync(panel), adminEmail, "quartz-Lagoon-ember-4711");
        var token = await layout.RunCliAsync(null, "token", "create", "--owner", adminEmail, "--name", "install test", "--scope", "Staff", "--days", "1");
        Assert.True(token.ExitCode == 0, token.All);
        var added = await admin.PostApiAsync("/api/v1/sites", token.StandardOutput.Trim(), new { domain = $"{host.Id}.example", userName = user, password = Password });
        Assert.True(added.StatusCode == HttpStatusCode.Created, $"{(int)added.StatusCode} {await added.Content.ReadAsStringAsync()}\n{executor.Output}");
        var login = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");
        Assert.True(login.StandardOutput.Contains("Remote working directory: /html", StringComparison.Ordinal), login.All);

        // With a customer applied the dedicated sshd runs, so every check of the installed panel's /healthz is green.
        using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var healthz = await http.GetAsync(layout.PanelUrl + "/healthz");
            Assert.True(healthz.StatusCode == HttpStatusCode.OK, $"/healthz {(int)healthz.StatusCode}: {await healthz.Content.ReadAsStringAsync()}\n{panel.Output}");
        }

        // The nightly backup's service, as its timer would start it: one archive of this install.
        var backup = Start(UnitFile.Load(layout.UnitPath("sftpjail-backup.service")));
        Assert.True(await backup.WaitForExitAsync(StepTimeout) == 0, backup.Output);
        var archive = Assert.Single(Directory.GetFiles(layout.BackupDir, "sftpjail-*.tar.gz"));
        await AssertBackupHoldsThisInstallAsync(archive, $"{host.Id}.example");

        // Uninstall (services stopped first, as systemctl would): SftpJail goes, the customer stays.
        await panel.StopAsync(TimeSpan.FromSeconds(30));
        await executor.StopAsync(TimeSpan.FromSeconds(60));
        var siteDirectory = (await HostCommand.RunAsync("getent", ["passwd", user])).StandardOutput.Split(':')[5];
        var uninstall = await layout.RunScriptAsync("uninstall.sh");
        Assert.True(uninstall.ExitCode == 0, uninstall.All);

        foreach (var unit in InstallLayout.Units)
        {
            Assert.False(File.Exists(layout.UnitPath(unit)), unit);
            Assert.False(Directory.Exists(layout.UnitPath(unit) + ".d"), unit + ".d");
        }

        Assert.Single(Directory.GetFiles(layout.BackupDir, "sftpjail-*.tar.gz"));

        Assert.False(Directory.Exists(layout.Prefix), layout.Prefix);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", user])).ExitCode);
        Assert.True(Directory.Exists(Path.Combine(siteDirectory, "html")), siteDirectory);
        Assert.True(File.Exists(host.DropInPath), "the sshd drop-in that jails the customer must stay");
        Assert.True(File.Exists(Path.Combine(layout.PanelStateDir, "sftpjail.db")), "the panel database stays without --purge");
        var after = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");
        Assert.True(after.StandardOutput.Contains("Remote working directory: /html", StringComparison.Ordinal), after.All);
    }

    [Fact(Timeout = 120_000)]
    public async Task An_upgrade_replaces_only_the_part_that_changed_and_leaves_no_file_of_the_old_release()
    {
        var current = await layout.PrebuiltAsync();
        Assert.Equal(0, (await layout.RunScriptAsync("install.sh", "--prebuilt", current)).ExitCode);
        var unchangedWeb = await InstalledTree.SnapshotAsync([Path.Combine(layout.Prefix, "web")], layout.PanelUser);
        var next = await layout.NextReleaseAsync("release-note.txt");

        var upgrade = await layout.RunScriptAsync("install.sh", "--prebuilt", next);
        var noteAfterUpgrade = File.Exists(Path.Combine(layout.Prefix, "executor", "release-note.txt"));
        var back = await layout.RunScriptAsync("install.sh", "--prebuilt", current);

        Assert.True(upgrade.ExitCode == 0, upgrade.All);
        Assert.Contains($"installed {layout.Prefix}/executor", upgrade.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"installed {layout.Prefix}/web", upgrade.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain($"installed {layout.Prefix}/cli", upgrade.StandardOutput, StringComparison.Ordinal);
        Assert.True(noteAfterUpgrade);
        Assert.Equal(unchangedWeb, await InstalledTree.SnapshotAsync([Path.Combine(layout.Prefix, "web")], layout.PanelUser));
        Assert.True(back.ExitCode == 0, back.All);
        Assert.False(File.Exists(Path.Combine(layout.Prefix, "executor", "release-note.txt")));
        Assert.False(Directory.Exists(Path.Combine(layout.Prefix, "executor.old")));
        Assert.False(Directory.Exists(Path.Combine(layout.Prefix, "executor.new")));
    }

    [Fact(Timeout = 60_000)]
    public async Task Remove_customers_without_a_terminal_or_yes_refuses_and_deletes_nothing()
    {
        var user = host.UserName("k");
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--home-dir", Path.Combine(host.JailRoot, "kept.example"), "--no-create-home", user])).ExitCode);
        Directory.CreateDirectory(host.Profile.StateDir.Value);
        await File.WriteAllTextAsync(host.Profile.ManifestPath.Value, $"{{\"Sites\":[\"kept.example\"],\"Users\":[\"{user}\"]}}");

        var refused = await layout.RunScriptAsync("uninstall.sh", "--remove-customers");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("confirm on a terminal or pass --yes", refused.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", user])).ExitCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Remove_customers_with_yes_deletes_only_the_managed_accounts_whose_home_is_in_the_jail()
    {
        var customer = host.UserName("m");
        var outsider = host.UserName("o");
        var home = Path.Combine(host.JailRoot, "gone.example");
        Directory.CreateDirectory(Path.Combine(home, "html"));
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--home-dir", home, "--no-create-home", customer])).ExitCode);
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--home-dir", Path.Combine(host.BaseDir, "elsewhere"), "--no-create-home", outsider])).ExitCode);
        Directory.CreateDirectory(host.Profile.StateDir.Value);
        await File.WriteAllTextAsync(host.Profile.ManifestPath.Value, $"{{\"Sites\":[\"gone.example\"],\"Users\":[\"{customer}\",\"{outsider}\"]}}");
        Directory.CreateDirectory(host.Profile.SshdDropInPath.Parent!.Value);
        await File.WriteAllTextAsync(host.DropInPath, "# drop-in\n");
        await File.WriteAllTextAsync(host.Profile.SshdTraitsPath.Value, "# traits\n");

        var removed = await layout.RunScriptAsync("uninstall.sh", "--remove-customers", "--yes", "--sshd-drop-in", host.DropInPath);

        Assert.True(removed.ExitCode == 0, removed.All);
        Assert.False(File.Exists(host.DropInPath));
        Assert.False(File.Exists(host.Profile.SshdTraitsPath.Value), "the traits file the drop-in included");
        Assert.NotEqual(0, (await HostCommand.RunAsync("getent", ["passwd", customer])).ExitCode);
        Assert.False(Directory.Exists(home));
        Assert.Equal(0, (await HostCommand.RunAsync("getent", ["passwd", outsider])).ExitCode);
        Assert.Contains($"keeping {outsider}", removed.StandardError, StringComparison.Ordinal);
    }

    private UnitProcess Start(UnitFile unit, IDictionary<string, string>? environment = null)
    {
        var process = UnitProcess.Start(unit, environment);
        processes.Add(process);
        return process;
    }

    /// <summary>The step's result, or its failure with what the daemon printed (it may have exited instead).</summary>
    private static async Task<T> WaitAsync<T>(UnitProcess process, Task<T> step)
    {
        try
        {
            return await step;
        }
        catch (Exception ex) when (ex is TimeoutException or HttpRequestException)
        {
            throw new Xunit.Sdk.XunitException($"{ex.Message}\nexited: {process.HasExited}\n{process.Output}");
        }
    }

    /// <summary>The archive holds the executor's state and the panel's database (with the customer), not another one.</summary>
    private async Task AssertBackupHoldsThisInstallAsync(string archive, string domain)
    {
        var listing = await HostCommand.RunAsync("tar", ["-tzf", archive]);
        Assert.True(listing.ExitCode == 0, listing.All);
        Assert.Contains("state/manifest.json", listing.StandardOutput.Split('\n'));
        var extracted = Directory.CreateDirectory(Path.Combine(layout.Base, "backup-check")).FullName;
        Assert.Equal(0, (await HostCommand.RunAsync("tar", ["-xzf", archive, "-C", extracted, "database/sftpjail.db"])).ExitCode);
        var sites = await HostCommand.RunAsync("sqlite3", [Path.Combine(extracted, "database", "sftpjail.db"), "SELECT Domain FROM Sites;"]);
        Assert.True(sites.StandardOutput.Split('\n').Contains(domain), sites.All);
    }

    /// <summary>The one-time setup link the panel logs once it has started (no account exists yet).</summary>
    private static async Task<string> WaitForSetupPathAsync(UnitProcess panel)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            if (InstalledPanelAdmin.SetupPath(panel.Output) is { } path)
            {
                return path;
            }

            if (DateTime.UtcNow > deadline || panel.HasExited)
            {
                throw new Xunit.Sdk.XunitException($"the panel logged no setup link\n{panel.Output}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>The login page answering (the panel is up; /healthz is checked on its own).</summary>
    private async Task<HttpResponseMessage> WaitForPanelAsync(UnitProcess panel)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            try
            {
                return await http.GetAsync(layout.PanelUrl + "/Account/Login");
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !panel.HasExited)
            {
                await Task.Delay(500);
            }
        }
    }
}
