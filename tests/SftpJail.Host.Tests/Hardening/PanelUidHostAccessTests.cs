using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;
using SftpJail.Executor.Socket;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Hardening;

/// <summary>
/// Issue 9 item 8: a process running as the panel's uid (here nobody) talks to the real executor socket directly,
/// without a panel session, and asks for a new admin with a password.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class PanelUidHostAccessTests : IAsyncLifetime
{
    private const int PanelUid = 65534;
    private const string Password = "attacker-horse-battery-42";
    private LockdownHost lockdown = null!;
    private ExecutorSocketServer server = null!;
    private string socketRoot = null!;

    private string SocketPath => Path.Combine(socketRoot, "run", "executor.sock");

    public async Task InitializeAsync()
    {
        lockdown = await LockdownHost.CreateAsync();
        socketRoot = Directory.CreateTempSubdirectory("sftpjail-panel-uid-").FullName;
        File.SetUnixFileMode(socketRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        var options = new ExecutorSocketOptions { SocketPath = SocketPath, PanelUid = PanelUid, PanelGid = PanelUid };
        server = new ExecutorSocketServer(lockdown.Engine, Microsoft.Extensions.Options.Options.Create(options), NullLogger<ExecutorSocketServer>.Instance);
        await server.StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        try
        {
            await server.DisposeAsync();
        }
        finally
        {
            Directory.Delete(socketRoot, recursive: true);
            await lockdown.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_admin_added_by_the_panel_uid_without_roots_approval_is_refused_no_user_is_made_and_the_executor_journals_it()
    {
        var admin = lockdown.Host.UserName("x");

        var apply = await ApplyAsPanelUidAsync(new DesiredStateDto([], Admins: [new AdminDto(admin, [])]), new PasswordChange(admin, Password));

        Assert.False(apply.Succeeded);
        Assert.True(apply.IsRefusal, apply.Error);
        Assert.Contains("needs root's approval", apply.Error, StringComparison.Ordinal);
        Assert.Contains("sudo sftpjail host-access approve ", apply.Error, StringComparison.Ordinal);
        Assert.Null(await PasswdLineAsync(admin));
        var held = Assert.Single(lockdown.Engine.Journal.ReadAll());
        Assert.Equal(("host-access.held", "refused"), (held.Body.Event, held.Body.Outcome));
        Assert.StartsWith($"uid {PanelUid} ", held.Body.Caller, StringComparison.Ordinal);
        Assert.Contains(held.Body.Detail, d => d.Contains($"add admin {admin}", StringComparison.Ordinal));
        Assert.DoesNotContain(Password, await File.ReadAllTextAsync(Path.Combine(lockdown.Host.Profile.StateDir.Value, "executor-audit.jsonl")), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await File.ReadAllTextAsync(Path.Combine(lockdown.Host.Profile.StateDir.Value, "host-access-approvals.json")), StringComparison.Ordinal);
        Assert.True(lockdown.Engine.Journal.Verify().Intact);
    }

    [Fact]
    public async Task Roots_approval_lets_exactly_that_change_through_once()
    {
        var admin = lockdown.Host.UserName("x");
        var state = new DesiredStateDto([], Admins: [new AdminDto(admin, [])]);
        var first = await ApplyAsPanelUidAsync(state, new PasswordChange(admin, Password));
        Assert.True(first.IsRefusal, first.Error);
        var pending = Assert.Single(await lockdown.Engine.ListPendingHostAccessAsync());
        Assert.Contains(pending.Code, first.Error, StringComparison.Ordinal);
        Assert.Contains($"set the password of admin {admin}", pending.Summary);

        await lockdown.Engine.ApproveHostAccessAsync(pending.Code.ToLowerInvariant());

        var otherPassword = await ApplyAsPanelUidAsync(state, new PasswordChange(admin, Password + "-swapped"));
        Assert.True(otherPassword.IsRefusal, "an approval covers only the password it was approved with");
        Assert.Null(await PasswdLineAsync(admin));

        var approved = await ApplyAsPanelUidAsync(state, new PasswordChange(admin, Password));
        Assert.True(approved.Succeeded, approved.Error);
        Assert.Contains(lockdown.AdminGroup, (await HostCommand.RunAsync("id", ["-Gn", admin])).StandardOutput);

        var replay = await ApplyAsPanelUidAsync(new DesiredStateDto([], Admins: []));
        Assert.True(replay.IsRefusal, "removing the admin is a new change and needs its own approval");
        Assert.NotNull(await PasswdLineAsync(admin));
        var journal = lockdown.Engine.Journal.ReadAll();
        Assert.Contains(journal, e => e.Body.Event == "host-access.approve" && e.Body.Caller.Contains("in-process", StringComparison.Ordinal));
        var applied = Assert.Single(journal, e => e.Body.Event == "apply" && e.Body.Outcome == "applied");
        Assert.StartsWith($"approved by root under code {pending.Code}", applied.Body.Detail[0], StringComparison.Ordinal);
        Assert.True(lockdown.Engine.Journal.Verify().Intact);
    }

    [Fact]
    public async Task Root_sees_and_approves_the_held_change_with_the_cli()
    {
        var admin = lockdown.Host.UserName("x");
        var state = new DesiredStateDto([], Admins: [new AdminDto(admin, [])]);
        var refused = await ApplyAsPanelUidAsync(state);
        var code = System.Text.RegularExpressions.Regex.Match(refused.Error!, "approve ([A-Z0-9]{4}-[A-Z0-9]{4})").Groups[1].Value;
        var cli = new CliRunner(lockdown.Host);

        var pending = await cli.RunAsync(null, "host-access", "pending");
        var approve = await cli.RunAsync(null, "host-access", "approve", code);
        var unknown = await cli.RunAsync(null, "host-access", "approve", "AAAA-AAAA");

        Assert.True(pending.ExitCode == 0, pending.All);
        Assert.Contains($"{code}  waiting, from uid {PanelUid} ", pending.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"add admin {admin} (no key)", pending.StandardOutput, StringComparison.Ordinal);
        Assert.True(approve.ExitCode == 0, approve.All);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("No host-access change is waiting under code AAAA-AAAA", unknown.StandardError, StringComparison.Ordinal);
        var applied = await ApplyAsPanelUidAsync(state);
        Assert.True(applied.Succeeded, applied.Error);
        Assert.NotNull(await PasswdLineAsync(admin));
    }

    [Fact]
    public async Task A_site_only_change_from_the_panel_uid_needs_no_approval_and_is_journaled()
    {
        var user = lockdown.Host.UserName("s");
        var site = new DesiredStateDto([new SiteDto("panel-uid.example", true, [new JailUserDto(user, false, true, false, [])])]);

        var apply = await ApplyAsPanelUidAsync(site);

        Assert.True(apply.Succeeded, apply.Error);
        var entry = Assert.Single(lockdown.Engine.Journal.ReadAll());
        Assert.Equal(("apply", "applied"), (entry.Body.Event, entry.Body.Outcome));
        Assert.Contains(entry.Body.Detail, d => d.StartsWith($"CreateUser {user}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_edited_journal_line_is_found()
    {
        await ApplyAsPanelUidAsync(new DesiredStateDto([], Admins: [new AdminDto(lockdown.Host.UserName("x"), [])]));
        await ApplyAsPanelUidAsync(new DesiredStateDto([], Admins: [new AdminDto(lockdown.Host.UserName("y"), [])]));
        var path = Path.Combine(lockdown.Host.Profile.StateDir.Value, "executor-audit.jsonl");
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(2, lines.Length);

        await File.WriteAllLinesAsync(path, [lines[0].Replace("\"refused\"", "\"applied\"", StringComparison.Ordinal), lines[1]]);
        var edited = lockdown.Engine.Journal.Verify();
        await File.WriteAllLinesAsync(path, [lines[1]]);
        var truncated = lockdown.Engine.Journal.Verify();

        Assert.Contains(edited.Problems, p => p.Contains("entry 1 does not match its MAC", StringComparison.Ordinal));
        Assert.NotEmpty(truncated.Problems);
    }

    /// <summary>Sends one request line as uid nobody (perl is in every Debian base system), so the kernel names that uid as the peer.</summary>
    private async Task<ApplyResult> ApplyAsPanelUidAsync(DesiredStateDto state, params PasswordChange[] passwords)
    {
        const string script = """
            use IO::Socket::UNIX;
            my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or do { print "connect: $!"; exit 2 };
            my $request = <STDIN>;
            print $s $request;
            my $line = <$s>;
            print $line;
            """;
        var request = JsonSerializer.Serialize(new ExecutorRequest(ExecutorOperation.Apply, state, passwords), ExecutorJson.Options);
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--reuid={PanelUid}", $"--regid={PanelUid}", "--clear-groups", "--", "/usr/bin/perl", "-e", script, SocketPath })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        await process.StandardInput.WriteLineAsync(request);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token);
        Assert.True(process.ExitCode == 0, output + error);
        var response = JsonSerializer.Deserialize<ExecutorResponse>(output, ExecutorJson.Options)!;
        Assert.True(response.Ok, response.Error);
        return response.Apply!;
    }

    private static async Task<string?> PasswdLineAsync(string user) =>
        (await File.ReadAllLinesAsync("/etc/passwd")).FirstOrDefault(line => line.StartsWith(user + ":", StringComparison.Ordinal));
}
