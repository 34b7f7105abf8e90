using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

[Collection(HostCollection.Name)]
public sealed class JailedUploadTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_new_site_user_can_put_into_html_but_not_into_the_chroot_root()
    {
        var user = host.UserName("a");
        var applied = await host.ApplyAsync(Of(Site("site1.example", User(user))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);

        var upload = Path.Combine(host.BaseDir, "upload.txt");
        await File.WriteAllTextAsync(upload, "hello from the customer\n");
        var result = await host.Client.SftpWithPasswordAsync(user, Password, $"put {upload} /html/index2.html", $"-put {upload} /evil.txt");

        var chroot = Path.Combine(host.JailRoot, "example.site1");
        Assert.Equal("hello from the customer\n", await File.ReadAllTextAsync(Path.Combine(chroot, "html", "index2.html")));
        Assert.False(File.Exists(Path.Combine(chroot, "evil.txt")), result.All);
        Assert.Contains("Permission denied", result.All);
    }

    [Fact]
    public async Task Cd_dot_dot_stays_in_the_jail_and_another_sites_files_are_invisible()
    {
        var alice = host.UserName("a");
        var bob = host.UserName("b");
        var applied = await host.ApplyAsync(
            Of(Site("one.example", User(alice)), Site("two.example", User(bob))),
            new PasswordChange(alice, Password), new PasswordChange(bob, Password));
        Assert.True(applied.Succeeded, applied.Error);
        await File.WriteAllTextAsync(Path.Combine(host.JailRoot, "example.two", "html", "secret-of-two.txt"), "bob's");

        var stolen = Path.Combine(host.BaseDir, "stolen.txt");

        var result = await host.Client.SftpWithPasswordAsync(alice, Password,
            "cd ..", "cd ..", "cd ..", "pwd", "ls -1a /html/../..", $"-get {host.JailRoot}/example.two/html/secret-of-two.txt {stolen}");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Remote working directory: /\n", result.StandardOutput);
        var listing = result.StandardOutput.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains("/html/../../html", listing);
        Assert.DoesNotContain(listing, l => l.EndsWith("/etc", StringComparison.Ordinal) || l.EndsWith("/var", StringComparison.Ordinal));
        Assert.Contains("not found", result.StandardError);
        Assert.False(File.Exists(stolen));
    }

    [Fact]
    public async Task Ssh_as_a_jailed_user_gets_no_shell()
    {
        var user = host.UserName("a");
        var applied = await host.ApplyAsync(Of(Site("shell.example", User(user))), new PasswordChange(user, Password));
        Assert.True(applied.Succeeded, applied.Error);

        var result = await host.Client.SshWithPasswordAsync(user, Password, "id; echo SHELL-RAN");

        Assert.NotEqual(0, result.ExitCode);
        Assert.DoesNotContain("SHELL-RAN", result.All);
        Assert.DoesNotContain("uid=", result.All);
        Assert.Contains("This service allows sftp connections only.", result.All);
    }

    [Fact]
    public async Task Sshd_T_shows_the_jail_for_a_jailed_user_and_for_anyone_else_on_the_dedicated_sshd()
    {
        var user = host.UserName("a");
        var applied = await host.ApplyAsync(Of(Site("t.example", User(user))));
        Assert.True(applied.Succeeded, applied.Error);

        var jailed = await EffectiveConfigAsync(user);
        var root = await EffectiveConfigAsync("root");

        Assert.Contains("chrootdirectory %h", jailed);
        Assert.Contains("forcecommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink\n", jailed);
        Assert.Contains("permitrootlogin no", root);
        Assert.Contains("chrootdirectory %h", root);
        Assert.Contains("forcecommand internal-sftp -l INFO -u 0027 -d /html -Psymlink,hardlink\n", root);
    }

    private async Task<string> EffectiveConfigAsync(string user)
    {
        var output = await HostCommand.RunAsync("/usr/sbin/sshd", ["-T", "-f", host.Profile.SshdMainConfigPath.Value, "-C", $"user={user},host=h,addr=127.0.0.1"]);
        Assert.Equal(0, output.ExitCode);
        return output.StandardOutput;
    }
}
