using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Hardening;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// Real logins through the engine and the dedicated sshd with the constant-size drop-in: each trait is enforced by the
/// user's group membership, disabling changes no sshd file, and no jailed user can create a link.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TraitLoginTests : IAsyncLifetime
{
    private const string Password = "trait-login-4Xw";
    private JailHost host = null!;
    private string keyFile = null!;
    private string publicKey = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        (keyFile, publicKey) = await ClientKey.CreateAsync(host.BaseDir, "trait@test");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private string Html(string domain) => Path.Combine(host.JailRoot, string.Join('.', domain.Split('.').Reverse()), "html");

    [Fact]
    public async Task Key_only_read_only_and_disabled_are_enforced_by_group_membership_and_disabling_needs_no_sshd_change()
    {
        string plain = host.UserName("p"), keyOnly = host.UserName("k"), readOnly = host.UserName("r"), both = host.UserName("kr"),
            disabled = host.UserName("d"), onDisabledSite = host.UserName("s");
        SiteDto Open(bool plainDisabled = false) => Site("open.example",
            User(plain, disabled: plainDisabled, keys: publicKey), User(keyOnly, keyOnly: true, keys: publicKey), User(readOnly, readOnly: true, keys: publicKey),
            User(both, readOnly: true, keyOnly: true, keys: publicKey), User(disabled, disabled: true, keys: publicKey));
        var closed = new SiteDto("closed.example", false, [User(onDisabledSite, keys: publicKey)]);
        var applied = await host.ApplyAsync(Of(Open(), closed),
            [.. new[] { plain, keyOnly, readOnly, both, disabled, onDisabledSite }.Select(u => new PasswordChange(u, Password))]);
        Assert.True(applied.Succeeded, applied.Error);
        var upload = Path.Combine(host.BaseDir, "upload.txt");
        await File.WriteAllTextAsync(upload, "uploaded");

        var plainPut = await host.Client.SftpWithPasswordAsync(plain, Password, $"put {upload} /html/plain.txt");
        var keyOnlyByPassword = await host.Client.SftpWithPasswordAsync(keyOnly, Password, "pwd");
        var keyOnlyPut = await host.Client.SftpWithKeyAsync(keyOnly, keyFile, $"put {upload} /html/keyonly.txt");
        var readOnlyPut = await host.Client.SftpWithPasswordAsync(readOnly, Password, "pwd", $"-put {upload} /html/readonly.txt");
        var bothByPassword = await host.Client.SftpWithPasswordAsync(both, Password, "pwd");
        var bothPut = await host.Client.SftpWithKeyAsync(both, keyFile, "pwd", $"-put {upload} /html/both.txt");

        Assert.True(plainPut.ExitCode == 0, plainPut.All);
        Assert.NotEqual(0, keyOnlyByPassword.ExitCode);
        Assert.True(keyOnlyPut.ExitCode == 0, keyOnlyPut.All);
        Assert.Contains("Remote working directory: /html", readOnlyPut.StandardOutput);
        Assert.True(readOnlyPut.All.Contains("denied", StringComparison.OrdinalIgnoreCase), readOnlyPut.All);
        Assert.NotEqual(0, bothByPassword.ExitCode);
        Assert.DoesNotContain("Remote working directory", bothByPassword.StandardOutput);
        Assert.Contains("Remote working directory: /html", bothPut.StandardOutput);
        Assert.True(bothPut.All.Contains("denied", StringComparison.OrdinalIgnoreCase), bothPut.All);
        Assert.Equal(["keyonly.txt", "plain.txt"], Directory.GetFiles(Html("open.example"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var refused in new[] { disabled, onDisabledSite })
        {
            Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(refused, Password, "pwd")).ExitCode);
            Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(refused, keyFile, "pwd")).ExitCode);
        }

        var dropInBefore = await File.ReadAllTextAsync(host.DropInPath);
        var plan = await host.Engine.PlanAsync(Of(Open(plainDisabled: true), closed));
        var disabling = await host.ApplyAsync(Of(Open(plainDisabled: true), closed));

        Assert.True(disabling.Succeeded, disabling.Error);
        Assert.DoesNotContain(plan.Steps, s => s.Kind is PlanStepKind.WriteFile or PlanStepKind.ReloadService);
        Assert.Equal(dropInBefore, await File.ReadAllTextAsync(host.DropInPath));
        Assert.Contains(host.Profile.DisabledGroup.Value, (await HostCommand.RunAsync("id", ["-nG", plain])).StandardOutput.Split(' ', StringSplitOptions.TrimEntries));
        Assert.NotEqual(0, (await host.Client.SftpWithPasswordAsync(plain, Password, "pwd")).ExitCode);
        Assert.NotEqual(0, (await host.Client.SftpWithKeyAsync(plain, keyFile, "pwd")).ExitCode);
    }

    [Fact]
    public async Task A_jailed_user_cannot_create_a_symbolic_or_hard_link_but_can_upload_and_rename()
    {
        var user = host.UserName("l");
        var applied = await host.ApplyAsync(Of(Site("links.example", User(user))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);
        var upload = Path.Combine(host.BaseDir, "file.txt");
        await File.WriteAllTextAsync(upload, "content");

        var session = await host.Client.SftpWithPasswordAsync(user, Password,
            $"put {upload} /html/a.txt", "-ln -s /html/a.txt /html/soft", "-ln /html/a.txt /html/hard", "rename /html/a.txt /html/b.txt", "ls -1 /html");

        Assert.True(session.ExitCode == 0, session.All);
        // internal-sftp -P hardlink stops advertising hardlink@openssh.com, so the client does not even send the request.
        Assert.Contains("symlink file \"/html/a.txt\" to \"/html/soft\": Permission denied", session.StandardError);
        Assert.Contains("Server does not support hardlink@openssh.com extension", session.StandardError);
        Assert.Equal(["b.txt", "index.html"], Directory.GetFileSystemEntries(Html("links.example")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("content", await File.ReadAllTextAsync(Path.Combine(Html("links.example"), "b.txt")));
    }

    [Fact]
    public async Task An_admin_configured_in_dedicated_mode_gets_no_shell_on_the_customer_sftp_port()
    {
        await using var lockdown = await LockdownHost.CreateAsync(dedicated: true);
        var admin = lockdown.Host.UserName("adm");
        var jailed = lockdown.Host.UserName("j");
        var applied = await lockdown.ApplyAsync(Of(Site("admin.example", User(jailed))) with { Admins = [new AdminDto(admin, [publicKey])] });
        Assert.True(applied.Succeeded, applied.Error);
        Assert.Contains("/bin/bash", (await HostCommand.RunAsync("getent", ["passwd", admin])).StandardOutput);

        var shell = await HostCommand.RunAsync("ssh",
        [
            "-F", "/dev/null", "-p", lockdown.Host.Port.ToString(), "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR",
            "-oConnectTimeout=10", "-oBatchMode=yes", "-oIdentitiesOnly=yes", "-oIdentityAgent=none", "-oPreferredAuthentications=publickey",
            "-i", keyFile, $"{admin}@127.0.0.1", "id -un",
        ]);
        var dropIn = await File.ReadAllTextAsync(lockdown.Host.DropInPath);
        var effective = await HostCommand.RunAsync("/usr/sbin/sshd", ["-T", "-f", lockdown.Host.Profile.SshdMainConfigPath.Value, "-C", $"user={admin},host=h,addr=127.0.0.1"]);

        Assert.NotEqual(0, shell.ExitCode);
        Assert.DoesNotContain(admin, shell.StandardOutput);
        Assert.DoesNotContain(lockdown.AdminGroup, dropIn);
        Assert.Contains($"allowgroups {lockdown.Host.Profile.JailGroup}\n", effective.StandardOutput);
        Assert.Contains("chrootdirectory %h\n", effective.StandardOutput);
        Assert.Contains("forcecommand internal-sftp", effective.StandardOutput);
    }
}
