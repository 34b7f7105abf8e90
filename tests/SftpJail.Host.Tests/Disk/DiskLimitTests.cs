using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Disk;

/// <summary>
/// The executor-enforced disk limit (this kernel has no quota format support): jails on a small loop-mounted ext4, a
/// site with a 1 MiB limit, its customer uploading over it with the real sftp client.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DiskLimitTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private LoopMount? loop;
    private JailHost? host;

    public async Task InitializeAsync()
    {
        if (LoopMount.Unavailable() is { } reason)
        {
            throw new InvalidOperationException($"These tests need a loop device: {reason}.");
        }

        loop = await LoopMount.CreateAsync(Guid.NewGuid().ToString("N")[..8], 32);
        host = await JailHost.CreateAsync(o => o.JailRoot = $"{loop.MountPoint}/www");
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
        finally
        {
            if (loop is not null)
            {
                await loop.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_site_over_its_limit_turns_read_only_and_writable_again_once_usage_drops()
    {
        var user = host!.UserName("l");
        var state = Of(new SiteDto("limit.example", true, [User(user)], DiskLimitMiB: 1));
        var applied = await host.ApplyAsync(state, new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);
        var twoMiB = await LocalFileAsync("two.bin", 2 * 1024 * 1024);
        var small = await LocalFileAsync("small.txt", 100);
        var html = Path.Combine(host.JailRoot, "example.limit", "html");

        var upload = await host.Client.SftpWithPasswordAsync(user, Password, $"put {twoMiB} /html/two.bin");
        Assert.Equal(0, upload.ExitCode);
        var over = await host.Engine.CheckDiskLimitsAsync();

        Assert.Equal([$"{user}: read-only (over disk limit: limit.example holds 2 MiB of 1 MiB)"], over.Changes);
        Assert.True(over.Apply?.Succeeded, over.Apply?.Error);
        var usage = Assert.Single(over.Sites);
        Assert.True(usage is { OverLimit: true, Complete: true, LimitBytes: 1024 * 1024 });
        Assert.InRange(usage.UsedBytes, 2 * 1024 * 1024, 2 * 1024 * 1024 + 64 * 1024);

        var fetched = Path.Combine(host.BaseDir, "fetched.bin");
        var readOnly = await host.Client.SftpWithPasswordAsync(user, Password, $"get /html/two.bin {fetched}", $"-put {small} /html/more.txt");
        Assert.Equal(2 * 1024 * 1024, new FileInfo(fetched).Length);
        Assert.False(File.Exists(Path.Combine(html, "more.txt")), readOnly.All);
        Assert.Contains("Permission denied", readOnly.All);

        // A read-only customer cannot delete; the admin clears the space (or raises the limit).
        File.Delete(Path.Combine(html, "two.bin"));
        var under = await host.Engine.CheckDiskLimitsAsync();

        Assert.Equal([$"{user}: writable again (limit.example holds {Core.Values.DiskLimit.Format(Assert.Single(under.Sites).UsedBytes)} of 1 MiB)"], under.Changes);
        var writable = await host.Client.SftpWithPasswordAsync(user, Password, $"put {small} /html/more.txt");
        Assert.Equal(0, writable.ExitCode);
        Assert.True(File.Exists(Path.Combine(html, "more.txt")), writable.All);

        var quiet = await host.Engine.CheckDiskLimitsAsync();
        Assert.Empty(quiet.Changes);
        Assert.Null(quiet.Apply);
    }

    [Fact]
    public async Task An_admins_own_read_only_setting_outlasts_the_limit()
    {
        var user = host!.UserName("r");
        var state = Of(new SiteDto("ro.example", true, [User(user, readOnly: true)], DiskLimitMiB: 1));
        Assert.True((await host.ApplyAsync(state)).Succeeded);
        var html = Path.Combine(host.JailRoot, "example.ro", "html");
        await File.WriteAllBytesAsync(Path.Combine(html, "big.bin"), new byte[2 * 1024 * 1024]);

        Assert.Empty((await host.Engine.CheckDiskLimitsAsync()).Changes);
        File.Delete(Path.Combine(html, "big.bin"));

        Assert.Empty((await host.Engine.CheckDiskLimitsAsync()).Changes);
        var groups = (await HostCommand.RunAsync("id", ["-nG", user])).StandardOutput;
        Assert.Contains(host.Profile.ReadOnlyGroup.Value, groups.Split(' ', StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task The_host_info_says_the_executor_enforces_the_limit_and_shows_each_limited_sites_usage()
    {
        var user = host!.UserName("h");
        Assert.True((await host.ApplyAsync(Of(new SiteDto("info.example", true, [User(user)], DiskLimitMiB: 5), Site("free.example", User(host.UserName("g")))))).Succeeded);

        var disk = (await host.Engine.GetHostInfoAsync()).Disk!;

        Assert.Equal("executor-enforced", disk.Enforcement);
        Assert.False(disk.KernelQuotasUsable, disk.Detail);
        var site = Assert.Single(disk.Sites);
        Assert.Equal(("info.example", 5L * 1024 * 1024, false), (site.Domain, site.LimitBytes!.Value, site.OverLimit));

        // The jails are on the loop mount, the state directory is not: nothing to warn about.
        Assert.Empty(disk.Warnings);
    }

    private async Task<string> LocalFileAsync(string name, int bytes)
    {
        var path = Path.Combine(host!.BaseDir, name);
        var data = new byte[bytes];
        Random.Shared.NextBytes(data);
        await File.WriteAllBytesAsync(path, data);
        return path;
    }
}
