namespace SftpJail.Cli.Tests;

/// <summary>The real CLI over a temporary database and the fake executor: import, dry run, passwords file, export.</summary>
public sealed class ImportCommandTests : IDisposable
{
    private const string Header = "domain,user,password,key,read_only,customer_email\n";
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 alice@laptop";
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    private string Path(string name) => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(cli.DatabaseFile)!, name);

    [Fact]
    public async Task Bad_rows_exit_2_each_printed_as_line_N_and_nothing_is_applied()
    {
        var file = cli.WriteFile("sites.csv", Header + "a.example,alice,a-long-password-1,,,\nbad domain,bob,a-long-password-2,,,\nc.example,Carol,a-long-password-3,,,\n");

        var (exit, _, err) = await cli.RunAsync(["import", file]);

        Assert.Equal(2, exit);
        var lines = err.Trim().Split('\n');
        Assert.StartsWith("line 3: domain:", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("line 4: user:", lines[1], StringComparison.Ordinal);
        Assert.Equal("error: 2 of 3 rows cannot be imported; nothing was changed.", lines[2]);
        Assert.Empty(cli.Executor.Applies);
    }

    [Fact]
    public async Task A_dry_run_prints_each_site_and_changes_nothing()
    {
        var file = cli.WriteFile("sites.json", "[{\"domain\": \"a.example\", \"user\": \"alice\", \"key\": \"" + Key + "\"}, {\"domain\": \"b.example\", \"user\": \"bob\"}]");

        var (exit, output, err) = await cli.RunAsync(["import", file, "--dry-run"]);
        var list = await cli.RunAsync("site list");

        Assert.True(exit == 0, err);
        Assert.Contains("dry run: 2 rows would add 2 sites with 2 users in one apply", output, StringComparison.Ordinal);
        Assert.Matches(@"a\.example\s+alice\s+key\s+1", output);
        Assert.Matches(@"b\.example\s+bob\s+generated-password\s+1", output);
        Assert.Empty(cli.Executor.Applies);
        Assert.Contains("no sites", list.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generated_passwords_need_a_passwords_file_before_anything_is_sent()
    {
        var file = cli.WriteFile("sites.csv", Header + "a.example,alice,,,,\n");

        var (exit, _, err) = await cli.RunAsync(["import", file]);

        Assert.Equal(2, exit);
        Assert.Contains("--passwords-out FILE", err, StringComparison.Ordinal);
        Assert.Empty(cli.Executor.Applies);
    }

    [Fact]
    public async Task Generated_passwords_go_to_a_new_0600_file_and_nowhere_else()
    {
        var file = cli.WriteFile("sites.csv", Header + "a.example,alice,,,,\nb.example,bob,,,true,\n");
        var passwords = Path("passwords.csv");

        var (exit, output, err) = await cli.RunAsync(["import", file, "--passwords-out", passwords]);

        Assert.True(exit == 0, err);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(passwords));
        var lines = File.ReadAllLines(passwords);
        Assert.Equal("domain,user,password", lines[0]);
        Assert.Equal(["a.example,alice,", "b.example,bob,"], lines[1..].Select(l => l[..(l.LastIndexOf(',') + 1)]));
        var apply = Assert.Single(cli.Executor.Applies);
        Assert.Equal(2, apply.State.Sites.Count);
        foreach (var sent in apply.Passwords)
        {
            Assert.Contains($",{sent.UserName},{sent.Password}", File.ReadAllText(passwords), StringComparison.Ordinal);
            Assert.DoesNotContain(sent.Password, output + err, StringComparison.Ordinal);
        }

        var audit = await cli.RunAsync("audit list --json");
        Assert.Contains("site.import", audit.Out, StringComparison.Ordinal);
        Assert.All(apply.Passwords, p => Assert.DoesNotContain(p.Password, audit.Out, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_existing_passwords_file_or_a_link_there_is_never_overwritten()
    {
        var file = cli.WriteFile("sites.csv", Header + "a.example,alice,,,,\n");
        var existing = cli.WriteFile("taken.csv", "keep me");
        var link = Path("link.csv");
        File.CreateSymbolicLink(link, Path("elsewhere.csv"));

        var overExisting = await cli.RunAsync(["import", file, "--passwords-out", existing]);
        var overLink = await cli.RunAsync(["import", file, "--passwords-out", link]);

        Assert.Equal(2, overExisting.Exit);
        Assert.Contains("already exists; it is never overwritten", overExisting.Err, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(existing));
        Assert.Equal(2, overLink.Exit);
        Assert.False(File.Exists(Path("elsewhere.csv")));
        Assert.Empty(cli.Executor.Applies);
    }

    [Fact]
    public async Task A_failed_apply_exits_1_and_removes_the_empty_passwords_file()
    {
        cli.Executor.ApplyError = "sshd -t rejected the candidate";
        var file = cli.WriteFile("sites.csv", Header + "a.example,alice,,,,\n");
        var passwords = Path("passwords.csv");

        var (exit, _, err) = await cli.RunAsync(["import", file, "--passwords-out", passwords]);

        Assert.Equal(1, exit);
        Assert.Contains("sshd -t rejected", err, StringComparison.Ordinal);
        Assert.False(File.Exists(passwords));
    }

    [Theory]
    [InlineData("import", "'import' needs FILE.")]
    [InlineData("import a.csv --format xml", "--format: 'xml' is not csv or json.")]
    [InlineData("import a.csv --dry-run --passwords-out p.csv", "import: a dry run generates no password; leave out --passwords-out.")]
    [InlineData("import a.csv --bogus", "'import' has no option --bogus.")]
    [InlineData("export a.csv b.csv", "'export' does not take 'b.csv'.")]
    public async Task Usage_mistakes_exit_2_with_one_line(string line, string message)
    {
        var (exit, _, err) = await cli.RunAsync(line);

        Assert.Equal(2, exit);
        Assert.Equal("error: " + message, err.Trim());
    }

    [Fact]
    public async Task Export_writes_the_import_format_and_import_reads_it_back()
    {
        var file = cli.WriteFile("sites.csv", Header + $"a.example,alice,,{Key},true,\n");
        Assert.Equal(0, (await cli.RunAsync(["import", file])).Exit);

        var csv = await cli.RunAsync("export");
        var json = await cli.RunAsync("export --format json");
        var toFile = await cli.RunAsync(["export", Path("out.json")]);

        Assert.Equal(0, csv.Exit);
        Assert.Equal($"domain,user,password,key,read_only,customer_email\na.example,alice,,{Key},true,\n", csv.Out);
        Assert.Contains("\"domain\": \"a.example\"", json.Out, StringComparison.Ordinal);
        Assert.Equal(0, toFile.Exit);
        Assert.Equal(json.Out, File.ReadAllText(Path("out.json")));
        Assert.Equal(2, (await cli.RunAsync(["export", Path("out.json")])).Exit);
    }
}
