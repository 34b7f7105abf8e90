using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.DropIn;

/// <summary>
/// The first apply on a host that still has the trait blocks inline in the drop-in (and no traits file): no account
/// changes, the traits file is written before the drop-in that includes it, then one sshd -t and reload. sshd reads
/// both only at that reload, so at every step of the apply (checked with real logins at each point) a key-only user
/// is refused a password and a read-only one cannot write.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TraitsFileMigrationTests : IAsyncLifetime
{
    private const string Password = "traits-move-5Hq";
    private JailHost host = null!;
    private string upload = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync();
        upload = Path.Combine(host.BaseDir, "upload.txt");
        await File.WriteAllTextAsync(upload, "uploaded");
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task An_apply_from_the_inline_layout_writes_the_traits_file_first_and_never_lets_a_trait_lapse()
    {
        string plain = host.UserName("p"), keyOnly = host.UserName("k"), readOnly = host.UserName("r");
        var state = Of(Site("move.example", User(plain), User(keyOnly, keyOnly: true), User(readOnly, readOnly: true)));
        var applied = await host.ApplyAsync(state, [.. new[] { plain, keyOnly, readOnly }.Select(u => new PasswordChange(u, Password))]);
        Assert.True(applied.Succeeded, applied.Error);
        var traitsPath = host.Profile.SshdTraitsPath.Value;
        var dropIn = await File.ReadAllTextAsync(host.DropInPath);
        var traits = await File.ReadAllTextAsync(traitsPath);

        // The host as the previous release left it: trait blocks inline, no traits file, sshd running that.
        await File.WriteAllTextAsync(host.DropInPath, TraitMatrix.Inlined(dropIn, traits));
        File.Delete(traitsPath);
        await SshdReload.HupAsync(host);
        AssertTraitsHold("on the inline layout");

        var plan = await host.Engine.PlanAsync(state);
        var kinds = plan.Steps.Select(s => (s.Kind, s.Target)).ToList();
        Assert.Equal(
            [(PlanStepKind.WriteFile, traitsPath), (PlanStepKind.WriteFile, host.DropInPath), (PlanStepKind.ReloadService, kinds.Last().Target)],
            kinds);

        var checkedAt = new List<string>();
        host.Engine.Faults.Injector = point =>
        {
            if (point.StartsWith("after ", StringComparison.Ordinal) || point.StartsWith("before ", StringComparison.Ordinal))
            {
                AssertTraitsHold(point);
                checkedAt.Add(point);
            }
        };
        var migrated = await host.ApplyAsync(state);
        host.Engine.Faults.Injector = null;

        Assert.True(migrated.Succeeded, migrated.Error);
        Assert.True(checkedAt.Count >= 6, string.Join("; ", checkedAt));
        Assert.Equal((dropIn, traits), (await File.ReadAllTextAsync(host.DropInPath), await File.ReadAllTextAsync(traitsPath)));
        AssertTraitsHold("after the apply");
        Assert.True((await host.Client.SftpWithPasswordAsync(plain, Password, $"put {upload} /html/plain.txt")).ExitCode == 0, "plain user writes");
    }

    /// <summary>Blocking on purpose: the fault injector is synchronous and the apply waits for it at each point.</summary>
    private void AssertTraitsHold(string when)
    {
        string keyOnly = host.UserName("k"), readOnly = host.UserName("r");
        var byPassword = host.Client.SftpWithPasswordAsync(keyOnly, Password, "pwd").GetAwaiter().GetResult();
        var write = host.Client.SftpWithPasswordAsync(readOnly, Password, "pwd", $"-put {upload} /html/readonly.txt").GetAwaiter().GetResult();

        Assert.True(byPassword.ExitCode != 0 && !byPassword.StandardOutput.Contains("Remote working directory", StringComparison.Ordinal), $"{when}: key-only by password: {byPassword.All}");
        Assert.True(write.StandardOutput.Contains("Remote working directory: /html", StringComparison.Ordinal), $"{when}: read-only logs in: {write.All}");
        Assert.True(write.All.Contains("denied", StringComparison.OrdinalIgnoreCase), $"{when}: read-only write: {write.All}");
        Assert.False(File.Exists(Path.Combine(host.JailRoot, "example.move", "html", "readonly.txt")), when);
    }
}

/// <summary>SIGHUP to the test's dedicated sshd, as a reload does: it re-executes itself and reads its files (included ones too) again.</summary>
internal static class SshdReload
{
    public static async Task HupAsync(JailHost host)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(host.Profile.SshdMainConfigPath.Parent!.Value, "sshd.pid"))).Trim();
        Assert.Equal(0, (await HostCommand.RunAsync("kill", ["-HUP", pid])).ExitCode);
        for (var i = 0; i < 100; i++)
        {
            await Task.Delay(50);
            if ((await HostCommand.RunAsync("ssh-keyscan", ["-p", host.Port.ToString(), "-T", "2", "127.0.0.1"])).StandardOutput.Contains("ssh-", StringComparison.Ordinal))
            {
                return;
            }
        }

        Assert.Fail("sshd did not come back after SIGHUP");
    }
}
