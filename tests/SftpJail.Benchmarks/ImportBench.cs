using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Mode "import": N customers imported through the panel's importer into a fresh host, interleaved with two floors on
/// the same machine: one <c>newusers</c> batch plus the jail group's member list, the directories and one sshd -t +
/// reload; and N x (useradd + chpasswd). Each round starts from nothing and is cleaned up (untimed).
/// </summary>
internal static class ImportBench
{
    public static async Task RunAsync(int count, int rounds, bool oneByOne)
    {
        if (rounds == 0)
        {
            await DryRunAsync(count);
            return;
        }

        await using var floorHost = BenchHost.Create();
        var key = await Population.PublicKeyAsync(floorHost);

        // The floor host's own engine makes its jail root, group and dedicated sshd; the floors reload a one-block sshd.
        var warm = await floorHost.Engine.ApplyAsync(new SftpJail.Core.Contract.DesiredStateDto([], Generation: 1), []);
        if (!warm.Succeeded)
        {
            throw new InvalidOperationException(warm.Error);
        }

        await floorHost.StartFloorSshdAsync("floor-sshd", floorHost.OneBlockDropIn());
        var hand = new HandFloor(floorHost, floorHost.FloorConfigPath("floor-sshd"), Path.Combine(Path.GetDirectoryName(floorHost.FloorConfigPath("floor-sshd"))!, "sshd.pid"));
        Console.WriteLine($"import: {count} customers, {rounds} rounds interleaved (product, newusers floor{(oneByOne ? ", useradd x N floor" : string.Empty)})");
        var (product, batch, single, noPam) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            product.Add(await ProductAsync(count, key));
            Console.WriteLine($"  round {round + 1}: product {product[^1]:F0} ms");
            batch.Add(await NewUsersAsync(floorHost, hand, count, $"n{round}x", pam: true));
            await RemoveAsync(floorHost, hand, count, $"n{round}x");
            noPam.Add(await NewUsersAsync(floorHost, hand, count, $"e{round}x", pam: false));
            await RemoveAsync(floorHost, hand, count, $"e{round}x");
            Console.WriteLine($"  round {round + 1}: newusers through PAM {batch[^1]:F0} ms, newusers + chpasswd -c YESCRYPT {noPam[^1]:F0} ms");
            if (oneByOne)
            {
                single.Add(await OneByOneAsync(hand, floorHost, count, $"o{round}x"));
                await RemoveAsync(floorHost, hand, count, $"o{round}x");
            }
        }

        Figures.Compare($"{count}: import", product, batch, "ms", "newusers batch");
        Figures.Compare($"{count}: import", product, noPam, "ms", "newusers + chpasswd -c YESCRYPT");
        if (oneByOne)
        {
            Figures.Compare($"{count}: import", product, single, "ms", "useradd+chpasswd x N");
        }
    }

    private static async Task<double> ProductAsync(int count, string key)
    {
        await using var host = BenchHost.Create();
        using var panel = await Panel.CreateAsync(Path.Combine(host.BaseDir, "sftpjail.db"), host.Engine);
        var warm = await host.Engine.ApplyAsync(new SftpJail.Core.Contract.DesiredStateDto([]), []);
        if (!warm.Succeeded)
        {
            throw new InvalidOperationException(warm.Error);
        }

        var csv = Population.Csv(host, key, 0, count);
        if (StepProfile.Enabled)
        {
            await PreviewAsync(panel, csv);
        }

        var clock = Stopwatch.StartNew();
        var result = await StepProfile.AroundAsync("import", () => panel.ImportAsync(csv));
        var ms = clock.Ms();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"import failed: {result.Error} {string.Join("; ", result.Errors.Take(3))}");
        }

        return ms;
    }

    /// <summary>Rounds 0: the importer's checks and preview alone (what <c>import --dry-run</c> and the panel's preview run); nothing is applied.</summary>
    private static async Task DryRunAsync(int count)
    {
        await using var host = BenchHost.Create();
        var key = await Population.PublicKeyAsync(host);
        using var panel = await Panel.CreateAsync(Path.Combine(host.BaseDir, "sftpjail.db"), host.Engine);
        var warm = await host.Engine.ApplyAsync(new SftpJail.Core.Contract.DesiredStateDto([]), []);
        if (!warm.Succeeded)
        {
            throw new InvalidOperationException(warm.Error);
        }

        Console.WriteLine($"import dry run: {count} rows, the importer's preview only (the panel's service, then `sftpjail import --dry-run`)");
        var csv = Population.Csv(host, key, 0, count);
        await PreviewAsync(panel, csv);
        await CliDryRunAsync(host, csv);
    }

    /// <summary>A real CLI process over the executor's socket, as in production: read, checks, preview and the printed plan.</summary>
    private static async Task CliDryRunAsync(BenchHost host, string csv)
    {
        var socket = Path.Combine(host.BaseDir, "run", "executor.sock");
        Directory.CreateDirectory(Path.GetDirectoryName(socket)!);
        await using var server = new SftpJail.Executor.Socket.ExecutorSocketServer(
            host.Engine,
            Microsoft.Extensions.Options.Options.Create(new SftpJail.Executor.Socket.ExecutorSocketOptions { SocketPath = socket, PanelUid = 0, PanelGid = 0 }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SftpJail.Executor.Socket.ExecutorSocketServer>.Instance);
        await server.StartAsync(CancellationToken.None);
        var config = Path.Combine(host.BaseDir, "cli.json");
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(new
        {
            ConnectionStrings = new { SftpJail = $"Data Source={Path.Combine(host.BaseDir, "sftpjail.db")}" },
            Executor = new { Mode = "Socket", SocketPath = socket },
        }));
        var file = Path.Combine(host.BaseDir, "import.csv");
        await File.WriteAllTextAsync(file, csv);
        var clock = Stopwatch.StartNew();
        var output = await Run.CommandAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "sftpjail.dll"), "--config", config, "import", file, "--dry-run"]);
        var first = output.StandardOutput.Split('\n', 2)[0];
        Console.WriteLine($"  profile CLI dry run: {clock.Ms():F0} ms, exit {output.ExitCode}: {(output.ExitCode == 0 ? first : output.StandardError.Trim())}");
    }

    /// <summary>Profiling only: a preview alone (the checks, the staging and one plan, all of which the import repeats), untimed in the figures.</summary>
    private static async Task PreviewAsync(Panel panel, string csv)
    {
        await using var scope = panel.Services.CreateAsyncScope();
        var importer = scope.ServiceProvider.GetRequiredService<SftpJail.Data.Services.Import.SiteImporter>();
        var clock = Stopwatch.StartNew();
        var preview = await importer.PreviewAsync(Encoding.UTF8.GetBytes(csv), SftpJail.Data.Services.Import.ImportFormat.Csv);
        Console.WriteLine($"  profile preview alone: {clock.Ms():F0} ms ({preview.Steps.Count} steps)");
    }

    /// <param name="pam">
    /// True: every password in the newusers file, which Debian's newusers (built with PAM, no --crypt-method) hands to
    /// PAM one by one, each hashed and written by rewriting the whole shadow file. False, like for like with the product:
    /// newusers with no passwords (PAM then refuses each empty one at once: newusers exits 1, the accounts are made),
    /// then one <c>chpasswd --crypt-method YESCRYPT</c> for the passwords the product sets (not the key-only users'),
    /// which hashes them itself and writes shadow once, as the executor's runs of 50 do.
    /// </param>
    private static async Task<double> NewUsersAsync(BenchHost host, HandFloor hand, int count, string tag, bool pam)
    {
        var users = Enumerable.Range(0, count).Select(i => host.User(tag + i)).ToList();
        var file = new StringBuilder();
        var passwords = new StringBuilder();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            file.Append($"{user}:{(pam ? Population.Password(i) : string.Empty)}:::bench:{hand.Chroot(user)}:/usr/sbin/nologin\n");
            if (!Population.KeyOnly(i))
            {
                passwords.Append($"{user}:{Population.Password(i)}\n");
            }
        }

        var clock = Stopwatch.StartNew();
        if (pam)
        {
            await Run.CheckedAsync("newusers", [], file.ToString());
        }
        else
        {
            await Run.CommandAsync("newusers", [], file.ToString());
            await Run.CheckedAsync("chpasswd", ["--crypt-method", "YESCRYPT"], passwords.ToString());
        }

        var members = (await Run.CheckedAsync("getent", ["group", host.Jail], null)).StandardOutput.Trim().Split(':')[^1];
        await Run.CheckedAsync("gpasswd", ["-M", string.Join(',', members.Split(',', StringSplitOptions.RemoveEmptyEntries).Concat(users)), host.Jail], null);
        // The ids from one read of passwd (a script would chown by name; no process per user for the lookup).
        var ids = File.ReadLines("/etc/passwd").Select(l => l.Split(':')).Where(f => f.Length > 3).ToDictionary(f => f[0], f => f[2] + ":" + f[3], StringComparer.Ordinal);
        foreach (var user in users)
        {
            // newusers made the home user-owned; a chroot must be root's: hand it back, then html/ for the user.
            var chroot = hand.Chroot(user);
            HandFloor.Chown(chroot, "0:0");
            File.SetUnixFileMode(chroot, (UnixFileMode)0b111_101_101);
            var html = Directory.CreateDirectory(Path.Combine(chroot, "html"));
            HandFloor.Chown(html.FullName, ids[user]);
            File.SetUnixFileMode(html.FullName, (UnixFileMode)0b010_111_111_000); // 02770
        }

        await hand.ReloadAsync();
        return clock.Ms();
    }

    private static async Task<double> OneByOneAsync(HandFloor hand, BenchHost host, int count, string tag)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var user = host.User(tag + i);
            await Run.CheckedAsync("useradd", ["--no-create-home", "--home-dir", hand.Chroot(user), "--shell", "/usr/sbin/nologin", "--user-group",
                "--groups", host.Jail, "--key", "SUB_UID_COUNT=0", "--key", "SUB_GID_COUNT=0", "--", user], null);
            await Run.CheckedAsync("chpasswd", [], $"{user}:{Population.Password(i)}\n");
        }

        return clock.Ms();
    }

    private static async Task RemoveAsync(BenchHost host, HandFloor hand, int count, string tag)
    {
        for (var i = 0; i < count; i++)
        {
            var user = host.User(tag + i);
            await Run.CommandAsync("userdel", ["--", user]);
            if (Directory.Exists(hand.Chroot(user)))
            {
                Directory.Delete(hand.Chroot(user), recursive: true);
            }
        }
    }
}
