using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>
/// The representative plan sequence — add a site with its user, add the user's key, disable the user, remove the
/// site — with a fault at every point of every apply (a failing step, a full disk, kill -9 after a host change), each
/// followed by a fresh executor's apply: of the state before (the panel rolled back) or of the state that was being
/// applied (the panel retried), alternately. After each, the host has converged with nothing lost or left behind.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class EveryStepFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "correct-horse-battery-9";
    private const int MaxPointsPerApply = 40;
    private JailHost host = null!;
    private ConvergenceCheck check = null!;

    public async Task InitializeAsync()
    {
        host = await JailHost.CreateAsync(webServer: "Nginx");
        check = new ConvergenceCheck(host, ["keep.example", "crash.example"]);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_fault_at_every_step_of_add_key_disable_remove_converges_with_no_account_file_or_upload_lost_or_left()
    {
        var keeper = host.UserName("k");
        var user = host.UserName("f");
        var keyFile = Path.Combine(host.BaseDir, "id_fault");
        Assert.Equal(0, (await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "fault", "-f", keyFile])).ExitCode);
        var key = (await File.ReadAllTextAsync(keyFile + ".pub")).Trim();
        var keep = Site("keep.example", User(keeper));
        var s0 = Of(keep);
        var s1 = Of(keep, Site("crash.example", User(user)));
        var s2 = Of(keep, Site("crash.example", User(user, keys: key)));
        var s3 = Of(keep, Site("crash.example", User(user, disabled: true, keys: key)));
        var s4 = Of(keep);
        var passwords = new[] { new PasswordChange(user, Password) };
        var clock = Stopwatch.StartNew();

        Assert.True((await host.ApplyAsync(s0, new PasswordChange(keeper, Password))).Succeeded);
        var uploads = new List<Upload> { await UploadAsync(keeper, "keep.example", "keeper.txt") };
        await check.AssertConvergedAsync(s0, uploads, "baseline");

        var injected = 0;
        var converged = 0;
        var steps = new (string Name, DesiredStateDto From, DesiredStateDto To, PasswordChange[] Passwords)[]
        {
            ("add site", s0, s1, passwords),
            ("add key", s1, s2, []),
            ("disable user", s2, s3, []),
            ("remove site", s3, s4, []),
        };
        foreach (var (name, from, to, secrets) in steps)
        {
            var (faults, recovered) = await FaultEveryPointAsync(name, from, to, secrets, user, uploads);
            injected += faults;
            converged += recovered;
            await CheckpointAsync(name, to, keeper, user, keyFile, uploads);
            if (name == "add site")
            {
                uploads.Add(await UploadAsync(user, "crash.example", "customer.txt"));
            }
        }

        output.WriteLine($"faults injected {injected} / converged {converged} in {clock.Elapsed.TotalSeconds:F0} s");
        Assert.Equal(injected, converged);
        Assert.True(injected >= 30, $"only {injected} fault points were reached");
    }

    /// <summary>Injects at point 0, 1, 2 … of the apply from <paramref name="from"/> to <paramref name="to"/> until an apply runs out of points.</summary>
    private async Task<(int Injected, int Converged)> FaultEveryPointAsync(
        string name, DesiredStateDto from, DesiredStateDto to, PasswordChange[] secrets, string newUser, List<Upload> uploads)
    {
        var injected = 0;
        var converged = 0;
        for (var index = 0; index < MaxPointsPerApply; index++)
        {
            var fault = new FaultAtPoint(index);
            var engine = check.NewEngine();
            engine.Faults.Injector = fault.At;
            ApplyResult? faulted = null;
            try
            {
                faulted = await engine.ApplyAsync(to, secrets);
            }
            catch (Executor.Apply.SimulatedCrashException)
            {
                // The executor "died" here: nothing after this point ran.
            }

            if (!fault.Fired)
            {
                Assert.True(faulted is { Succeeded: true }, $"{name}: the apply without a fault failed: {faulted?.Error}");
                await check.AssertConvergedAsync(to, uploads, $"{name}, no fault");
                return (injected, converged);
            }

            injected++;
            var context = $"{name}, {fault.Kind} at point {index} ({fault.Point})";
            output.WriteLine(context);
            if (name == "add site")
            {
                await ConvergenceCheck.AssertLockedIfPresentAsync(newUser, context);
            }

            // Even points: the panel rolled back and applies the state before; odd: it retries the new state.
            var rollBack = index % 2 == 0;
            var target = rollBack ? from : to;
            var recovery = await check.NewEngine().ApplyAsync(target, rollBack ? [] : secrets);
            Assert.True(recovery.Succeeded, $"{context}: the recovering apply failed: {recovery.Error}");
            await check.AssertConvergedAsync(target, uploads, $"{context}, then {(rollBack ? "rolled back" : "retried")}");
            converged++;
            if (!rollBack)
            {
                var back = await check.NewEngine().ApplyAsync(from, []);
                Assert.True(back.Succeeded, $"{context}: going back to the state before failed: {back.Error}");
            }
        }

        Assert.Fail($"{name}: more than {MaxPointsPerApply} fault points");
        return (injected, converged);
    }

    /// <summary>Real logins at the end of each plan: who can get in is what the state says.</summary>
    private async Task CheckpointAsync(string name, DesiredStateDto state, string keeper, string user, string keyFile, List<Upload> uploads)
    {
        Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(keeper, Password, "ls /html")).ExitCode);
        var crashSite = state.Sites.FirstOrDefault(s => s.Domain == "crash.example");
        var account = crashSite?.Users.Single();
        var login = account is { Keys.Count: > 0 }
            ? await host.Client.SftpWithKeyAsync(user, keyFile, "ls /html")
            : await host.Client.SftpWithPasswordAsync(user, Password, "ls /html");
        var shouldLogIn = account is { Disabled: false };
        Assert.True(shouldLogIn == (login.ExitCode == 0), $"{name}: {user} login exit {login.ExitCode}, expected {(shouldLogIn ? "success" : "refusal")}: {login.All}");
        foreach (var upload in uploads)
        {
            check.AssertUploadKept(upload, state.Sites.Any(s => s.Domain == upload.Domain), name);
        }
    }

    private async Task<Upload> UploadAsync(string user, string domain, string fileName)
    {
        var content = $"uploaded by {user} to {domain}\n";
        var local = Path.Combine(host.BaseDir, fileName);
        await File.WriteAllTextAsync(local, content);
        var put = await host.Client.SftpWithPasswordAsync(user, Password, $"put {local} /html/{fileName}");
        Assert.True(put.ExitCode == 0, put.All);
        return new Upload(domain, fileName, content);
    }
}
