using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Disk;

/// <summary>
/// A customer fills the file system that holds the jails and the executor's state directory (the layout the start-up
/// warning is about). Staff must still be able to cut that customer off and remove it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class FullFileSystemTests : IAsyncLifetime
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

        loop = await LoopMount.CreateAsync(Guid.NewGuid().ToString("N")[..8], 24);
        host = await JailHost.CreateAsync(o =>
        {
            o.JailRoot = $"{loop.MountPoint}/www";
            o.StateDir = $"{loop.MountPoint}/state";
        });
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
    public async Task A_customer_who_filled_the_file_system_can_still_be_disabled_and_then_removed()
    {
        var (owner, filler) = (host!.UserName("o"), host.UserName("f"));
        var applied = await host.ApplyAsync(Of(Site("full.example", User(owner), User(filler))), new PasswordChange(filler, Password));
        Assert.True(applied.Succeeded, applied.Error);

        await FillAsync(filler);

        var disabled = await host.ApplyAsync(Of(Site("full.example", User(owner), User(filler, disabled: true))));
        Assert.True(disabled.Succeeded, disabled.Error);
        var refused = await host.Client.SftpWithPasswordAsync(filler, Password, "ls /html");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Permission denied", refused.All);

        var removed = await host.ApplyAsync(Of(Site("full.example", User(owner))));
        Assert.True(removed.Succeeded, removed.Error);
        Assert.NotEqual(0, (await HostCommand.RunAsync("getent", ["passwd", filler])).ExitCode);

        // And the next apply still runs with the disk full: the bookkeeping did not leave anything half-written.
        var again = await host.ApplyAsync(Of(Site("full.example", User(owner))));
        Assert.True(again.Succeeded, again.Error);
        Assert.Empty(again.Applied);
    }

    [Fact]
    public async Task The_host_info_warns_that_the_state_directory_shares_the_jails_file_system()
    {
        Assert.True((await host!.ApplyAsync(Of(Site("warn.example", User(host.UserName("w")))))).Succeeded);

        var warning = Assert.Single((await host.Engine.GetHostInfoAsync()).Disk!.Warnings);

        Assert.StartsWith($"Host:StateDir ({loop!.MountPoint}/state) is on the same file system as Host:JailRoot ({loop.MountPoint}/www)", warning);
    }

    /// <summary>Real sftp uploads, as the customer, until the file system refuses more (ENOSPC ends the put).</summary>
    private async Task FillAsync(string user)
    {
        var big = Path.Combine(host!.BaseDir, "big.bin");
        await using (var file = File.Create(big))
        {
            file.SetLength(32L * 1024 * 1024);
        }

        var put = await host.Client.SftpWithPasswordAsync(user, Password, $"-put {big} /html/big.bin", $"-put {big} /html/big2.bin");
        Assert.Contains("big.bin", put.All);
        var available = await loop!.AvailableBytesAsync();
        Assert.True(available < 64 * 1024, $"the customer's uploads left {available} bytes free: {put.All}");
    }
}
