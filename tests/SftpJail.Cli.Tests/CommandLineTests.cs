using System.Text.Json;
using SftpJail.Core.Planning;

namespace SftpJail.Cli.Tests;

public sealed class CommandLineTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 alice@laptop";
    private const string Fingerprint = "SHA256:/vLh8nkiKXRLlmUjabOAuvzOppfRNg2C4btg4q3ahxM";
    private const string Password = "s3cret-Horse-Battery";

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Site_add_reads_the_password_from_stdin_and_keys_from_files_and_names_the_suggested_user()
    {
        var keyFile = cli.WriteFile("alice.pub", Key + "\n");

        var (exit, output, error) = await cli.RunAsync($"site add Site1.com --password-stdin --key-file {keyFile}", Password + "\r\n");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Assert.StartsWith("added site site1.com with SFTP user site1\n", output, StringComparison.Ordinal);
        Assert.Contains("ReloadService sshd: reloaded", output, StringComparison.Ordinal);
        var (state, passwords) = Assert.Single(cli.Executor.Applies);
        Assert.Equal(Password, Assert.Single(passwords).Password);
        Assert.Equal([Key], state.Sites.Single().Users.Single().Keys);
        Assert.DoesNotContain(Password, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_list_json_is_camel_case_and_parseable()
    {
        await cli.RunAsync("site add b.example --user bob");
        await cli.RunAsync("site add a.example --user ann");

        var (exit, output, _) = await cli.RunAsync("site list --json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["a.example", "b.example"], json.RootElement.EnumerateArray().Select(s => s.GetProperty("domain").GetString()));
        Assert.Equal("Applied", json.RootElement[0].GetProperty("status").GetString());
        Assert.Equal(1, json.RootElement[0].GetProperty("userCount").GetInt32());
    }

    [Fact]
    public async Task Site_list_prints_a_table()
    {
        await cli.RunAsync("site add site1.com");

        var (_, output, _) = await cli.RunAsync("site list");

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("DOMAIN     STATUS   ENABLED  USERS  CREATED", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("site1.com  Applied  yes      1      ", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Site_remove_without_yes_is_refused_before_anything_happens()
    {
        await cli.RunAsync("site add site1.com");

        var (exit, output, error) = await cli.RunAsync("site remove site1.com");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: site remove deletes site1.com and its SFTP users from the host; add --yes to confirm.\n", error.ReplaceLineEndings("\n"));
        Assert.Single(cli.Executor.Applies);
        Assert.Equal(0, (await cli.RunAsync("site remove site1.com --yes")).Exit);
        Assert.Equal(2, cli.Executor.Applies.Count);
    }

    [Fact]
    public async Task A_failed_apply_exits_1_with_one_error_line()
    {
        cli.Executor.ApplyError = "sshd -t: line 12: Bad configuration option\nsecond line";

        var (exit, output, error) = await cli.RunAsync("site add site1.com");

        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal("error: sshd -t: line 12: Bad configuration option second line", error.TrimEnd('\n', '\r'));
        Assert.DoesNotContain('\n', error.TrimEnd('\n', '\r'));
    }

    [Theory]
    [InlineData(new[] { "site", "add", "bad domain.com" }, "error: domain: A domain cannot contain a space.")]
    [InlineData(new[] { "site", "add", "site1.com", "--user", "al ice" }, "error: username: A username cannot contain a space.")]
    [InlineData(new[] { "user", "passwd", "alice" }, "error: 'user passwd' reads the password from standard input: add --password-stdin (it is never taken as an argument).")]
    [InlineData(new[] { "user", "add", "bob" }, "error: 'user add' needs --site DOMAIN.")]
    [InlineData(new[] { "user", "key", "add", "alice", "--key-file", "/nonexistent/k.pub" }, "error: --key-file /nonexistent/k.pub: Could not find a part of the path '/nonexistent/k.pub'.")]
    [InlineData(new[] { "frobnicate" }, "error: 'frobnicate' is not a command; run 'sftpjail help'.")]
    [InlineData(new[] { "--config", "/nonexistent/sftpjail.json", "site", "list" }, "error: --config: /nonexistent/sftpjail.json does not exist.")]
    public async Task Invalid_usage_or_input_exits_2_with_one_error_line(string[] args, string message)
    {
        var (exit, output, error) = await cli.RunAsync(args);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal(message, error.TrimEnd('\n', '\r'));
        Assert.Empty(cli.Executor.Applies);
    }

    [Fact]
    public async Task Password_stdin_with_nothing_on_stdin_is_a_usage_error_and_the_password_is_never_echoed()
    {
        await cli.RunAsync("site add site1.com --user alice");

        var empty = await cli.RunAsync("user passwd alice --password-stdin", string.Empty);
        var tooShort = await cli.RunAsync("user passwd alice --password-stdin", "short\n");
        var ok = await cli.RunAsync("user passwd alice --password-stdin", Password + "\n");

        Assert.Equal(2, empty.Exit);
        Assert.StartsWith("error: --password-stdin: standard input is empty", empty.Err, StringComparison.Ordinal);
        Assert.Equal((2, "error: password: A password needs at least 8 characters."), (tooShort.Exit, tooShort.Err.TrimEnd('\n', '\r')));
        Assert.Equal(0, ok.Exit);
        Assert.DoesNotContain("short", tooShort.Err.Replace("at least", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, ok.Out + ok.Err, StringComparison.Ordinal);
        Assert.Equal(Password, cli.Executor.Applies[^1].Passwords.Single().Password);
    }

    [Fact]
    public async Task User_and_key_commands_change_the_state_sent_to_the_executor()
    {
        var keyFile = cli.WriteFile("k.pub", Key);
        await cli.RunAsync("site add site1.com --user alice");

        Assert.Equal(0, (await cli.RunAsync("user add bob --site site1.com --read-only --key-only")).Exit);
        Assert.Equal(0, (await cli.RunAsync($"user key add bob --key-file {keyFile}")).Exit);
        var bob = cli.Executor.Applies[^1].State.Sites[0].Users[1];
        Assert.Equal(0, (await cli.RunAsync($"user key remove bob {Fingerprint}")).Exit);
        Assert.Equal(0, (await cli.RunAsync("user disable bob")).Exit);
        var disabled = cli.Executor.Applies[^1].State.Sites[0].Users[1];
        Assert.Equal(0, (await cli.RunAsync("user remove bob")).Exit);

        Assert.Equal(("bob", true, true), (bob.Name, bob.ReadOnly, bob.KeyOnly));
        Assert.Equal([Key], bob.Keys);
        Assert.True(disabled.Disabled);
        Assert.Empty(disabled.Keys);
        Assert.Equal(["alice"], cli.Executor.Applies[^1].State.Sites[0].Users.Select(u => u.Name));
    }

    [Fact]
    public async Task Reconcile_exits_1_on_drift_and_0_in_sync()
    {
        await cli.RunAsync("site add site1.com --user alice");
        var inSync = await cli.RunAsync("reconcile");
        cli.Executor.Drift = [new PlanStep(PlanStepKind.CreateUser, "alice", "user alice is missing")];

        var drift = await cli.RunAsync("reconcile --json");

        Assert.Equal((0, "in sync: the host matches the database\n"), (inSync.Exit, inSync.Out.ReplaceLineEndings("\n")));
        Assert.Equal(1, drift.Exit);
        using var json = JsonDocument.Parse(drift.Out);
        Assert.Equal("alice", json.RootElement.GetProperty("drift")[0].GetProperty("target").GetString());
        Assert.Equal("CreateUser", json.RootElement.GetProperty("drift")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Plan_and_apply_show_the_steps()
    {
        await cli.RunAsync("site add site1.com");

        var plan = await cli.RunAsync("plan");
        var planJson = await cli.RunAsync("plan --json");
        var apply = await cli.RunAsync("apply");

        Assert.Equal(0, plan.Exit);
        Assert.Contains("WriteFile /etc/nginx/sites-available/site1.com.conf: create", plan.Out, StringComparison.Ordinal);
        Assert.Contains("    +server {", plan.Out, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(planJson.Out);
        Assert.Equal("+server {", json.RootElement.GetProperty("steps")[0].GetProperty("diff").GetString());
        Assert.Equal((0, "applied 1 change(s):"), (apply.Exit, apply.Out.Split('\n')[0]));
    }

    [Fact]
    public async Task Audit_list_and_verify_report_the_chain_and_tampering_exits_1()
    {
        await cli.RunAsync("site add site1.com");
        await cli.RunAsync("site disable site1.com");

        var list = await cli.RunAsync("audit list --json --limit 1");
        var intact = await cli.RunAsync("audit verify");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={cli.DatabaseFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE AuditEntries SET Result = 'refused' WHERE Id = 1";
            command.ExecuteNonQuery();
        }

        var broken = await cli.RunAsync("audit verify");

        using var json = JsonDocument.Parse(list.Out);
        Assert.Equal("site.disable", Assert.Single(json.RootElement.EnumerateArray()).GetProperty("action").GetString());
        Assert.Equal((0, "audit chain intact: 2 entries verified (public hash chain only: no executor countersigns here)"), (intact.Exit, intact.Out.TrimEnd()));
        Assert.Equal(1, broken.Exit);
        Assert.StartsWith("entry 1: its content does not match its hash", broken.Out, StringComparison.Ordinal);
        Assert.Equal("error: the audit chain is broken at entry 1", broken.Err.TrimEnd());
        Assert.StartsWith("cli:", json.RootElement[0].GetProperty("actor").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_info_json_comes_from_the_executor_without_touching_the_database()
    {
        var (exit, output, _) = await cli.RunAsync("host info --json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2222, json.RootElement.GetProperty("port").GetInt32());
        Assert.Equal("SHA256:abc", json.RootElement.GetProperty("hostKeys")[0].GetProperty("fingerprint").GetString());
        Assert.False(File.Exists(cli.DatabaseFile));
    }

    [Fact]
    public async Task Help_lists_every_command_and_no_arguments_is_a_usage_error()
    {
        var help = await cli.RunAsync(["help"]);
        var nothing = await cli.RunAsync([]);

        Assert.Equal(0, help.Exit);
        foreach (var name in new[] { "site add", "site list", "site remove", "site disable", "site enable", "user add", "user passwd", "user key add", "user key remove", "user disable", "user enable", "user remove", "plan", "apply", "reconcile", "audit list", "audit verify", "host info" })
        {
            Assert.Contains("  " + name, help.Out, StringComparison.Ordinal);
        }

        Assert.Equal((2, string.Empty), (nothing.Exit, nothing.Out));
        Assert.Contains("usage: sftpjail", nothing.Err, StringComparison.Ordinal);
    }
}
