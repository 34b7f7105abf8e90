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
        var (product, batch, single) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; round < rounds; round++)
        {
            product.Add(await ProductAsync(count, key));
            batch.Add(await NewUsersAsync(floorHost, hand, count, $"n{round}x"));
            await RemoveAsync(floorHost, hand, count, $"n{round}x");
            if (oneByOne)
            {
                single.Add(await OneByOneAsync(hand, floorHost, count, $"o{round}x"));
                await RemoveAsync(floorHost, hand, count, $"o{round}x");
            }
        }

        Figures.Compare($"{count}: import", product, batch, "ms", "newusers batch");
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

        Console.WriteLine($"import dry run: {count} rows, the importer's preview only");
        await PreviewAsync(panel, Population.Csv(host, key, 0, count));
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

    private static async Task<double> NewUsersAsync(BenchHost host, HandFloor hand, int count, string tag)
    {
        var users = Enumerable.Range(0, count).Select(i => host.User(tag + i)).ToList();
        var file = new StringBuilder();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            file.Append($"{user}:{Population.Password(i)}:::bench:{hand.Chroot(user)}:/usr/sbin/nologin\n");
        }

        var clock = Stopwatch.StartNew();
        await Run.CheckedAsync("newusers", [], file.ToString());
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
