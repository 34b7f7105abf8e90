using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

[Collection(HostCollection.Name)]
public sealed class AccessRulesTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;
    private string keyFile = null!;
    private string publicKey = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        (keyFile, publicKey) = await ClientKey.CreateAsync(host.BaseDir, "customer@laptop");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_key_only_user_logs_in_with_its_key_and_is_refused_with_a_password()
    {
        var user = host.UserName("k");
        var applied = await host.ApplyAsync(Of(Site("keys.example", User(user, keyOnly: true, keys: publicKey))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);

        var withKey = await host.Client.SftpWithKeyAsync(user, keyFile, "pwd");
        var withPassword = await host.Client.SftpWithPasswordAsync(user, Password, "pwd");

        Assert.Equal(0, withKey.ExitCode);
        Assert.Contains("Remote working directory: /html", withKey.StandardOutput);
        Assert.NotEqual(0, withPassword.ExitCode);
        Assert.DoesNotContain("Remote working directory", withPassword.StandardOutput);
    }

    [Fact]
    public async Task A_disabled_user_is_refused_with_password_and_key()
    {
        var user = host.UserName("d");
        var enabled = await host.ApplyAsync(Of(Site("off.example", User(user, keys: publicKey))), new PasswordChange(user, Password));
        Assert.True(enabled.Succeeded, enabled.Error);
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);

        var disabled = await host.ApplyAsync(Of(Site("off.example", User(user, disabled: true, keys: publicKey))));
        Assert.True(disabled.Succeeded, disabled.Error);

        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(user, Password, "pwd")).ExitCode);
        Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(user, keyFile, "pwd")).ExitCode);
    }

    [Fact]
    public async Task A_read_only_user_can_download_but_not_upload()
    {
        var owner = host.UserName("o");
        var reader = host.UserName("r");
        var applied = await host.ApplyAsync(Of(Site("ro.example", User(owner), User(reader, readOnly: true))), new PasswordChange(reader, Password));
        Assert.True(applied.Succeeded, applied.Error);
        var upload = Path.Combine(host.BaseDir, "ro.txt");
        await File.WriteAllTextAsync(upload, "x");
        await File.WriteAllTextAsync(Path.Combine(host.JailRoot, "example.ro", "html", "page.html"), "published");
        var download = Path.Combine(host.BaseDir, "downloaded.html");

        var result = await host.Client.SftpWithPasswordAsync(reader, Password, $"get /html/page.html {download}", $"-put {upload} /html/ro.txt");

        Assert.Equal("published", await File.ReadAllTextAsync(download));
        Assert.False(File.Exists(Path.Combine(host.JailRoot, "example.ro", "html", "ro.txt")));
        Assert.Contains("denied", result.All, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_removed_user_and_its_config_are_gone()
    {
        var keep = host.UserName("a");
        var gone = host.UserName("g");
        var applied = await host.ApplyAsync(Of(Site("rm.example", User(keep), User(gone, keyOnly: true, keys: publicKey))));
        Assert.True(applied.Succeeded, applied.Error);
        Assert.Contains(host.Profile.KeyOnlyGroup.Value, (await HostCommand.RunAsync("id", ["-nG", gone])).StandardOutput.Split(' ', StringSplitOptions.TrimEntries));

        var removed = await host.ApplyAsync(Of(Site("rm.example", User(keep))));

        Assert.True(removed.Succeeded, removed.Error);
        Assert.DoesNotContain(gone, await File.ReadAllTextAsync(host.DropInPath));
        Assert.NotEqual(0, (await HostCommand.RunAsync("getent", ["passwd", gone])).ExitCode);
        Assert.False(File.Exists(Path.Combine(host.Profile.AuthorizedKeysDir.Value, gone)));
        Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(gone, keyFile, "pwd")).ExitCode);
    }

    [Fact]
    public async Task A_removed_site_is_archived_not_deleted()
    {
        var user = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("arch.example", User(user))))).Succeeded);
        await File.WriteAllTextAsync(Path.Combine(host.JailRoot, "example.arch", "html", "keep.txt"), "customer data");

        var removed = await host.ApplyAsync(Of());

        Assert.True(removed.Succeeded, removed.Error);
        Assert.False(Directory.Exists(Path.Combine(host.JailRoot, "example.arch")));
        var archived = Directory.GetDirectories(host.Profile.ArchiveDir.Value, "example.arch-*").Single();
        Assert.Equal("customer data", await File.ReadAllTextAsync(Path.Combine(archived, "html", "keep.txt")));
    }
}
