namespace SftpJail.Cli.Tests;

/// <summary>Input the CLI used to "fix" quietly is refused with a message that says what was wrong.</summary>
public sealed class SilentInputFixTests : IDisposable
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 alice@laptop";
    private const string Password = "s3cret-Horse-Battery";

    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task An_empty_user_name_is_refused_instead_of_deriving_one()
    {
        var (exit, output, error) = await cli.RunAsync(["site", "add", "site1.com", "--user", ""]);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("error: username: A username is required.", error.TrimEnd('\n', '\r'));
        Assert.Empty(cli.Executor.Applies);
    }

    [Fact]
    public async Task Leaving_out_the_user_still_derives_a_name()
    {
        var (exit, output, _) = await cli.RunAsync(["site", "add", "site1.com"]);

        Assert.Equal(0, exit);
        Assert.StartsWith("added site site1.com with SFTP user site1\n", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("first\nsecond\n")]
    [InlineData("first\r\nsecond")]
    [InlineData("pass\rword\n")]
    [InlineData("s3cret-Horse-Battery\n\n")]
    public async Task A_password_on_stdin_with_a_line_break_in_it_is_refused(string stdin)
    {
        await cli.RunAsync("site add site1.com --user alice");

        var (exit, output, error) = await cli.RunAsync("user passwd alice --password-stdin", stdin);

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("error: --password-stdin: standard input holds more than one line; the password must be its only line (a password cannot contain a line break).", error.TrimEnd('\n', '\r'));
        Assert.Single(cli.Executor.Applies);
        foreach (var part in stdin.Split('\n', '\r', StringSplitOptions.RemoveEmptyEntries))
        {
            Assert.DoesNotContain(part, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("s3cret-Horse-Battery")]
    [InlineData("s3cret-Horse-Battery\n")]
    [InlineData("s3cret-Horse-Battery\r\n")]
    public async Task A_password_as_the_only_line_of_stdin_is_taken_with_or_without_its_line_end(string stdin)
    {
        await cli.RunAsync("site add site1.com --user alice");

        var (exit, _, _) = await cli.RunAsync("user passwd alice --password-stdin", stdin);

        Assert.Equal(0, exit);
        Assert.Equal(Password, cli.Executor.Applies[^1].Passwords.Single().Password);
    }

    [Fact]
    public async Task Setting_a_password_on_a_key_only_user_is_refused_with_what_key_only_means()
    {
        var keyFile = cli.WriteFile("k.pub", Key);
        await cli.RunAsync("site add site1.com --user alice");
        Assert.Equal(0, (await cli.RunAsync($"user add bob --site site1.com --key-only --key-file {keyFile}")).Exit);

        var (exit, output, error) = await cli.RunAsync("user passwd bob --password-stdin", Password + "\n");

        Assert.Equal((2, string.Empty), (exit, output));
        Assert.Equal("error: password: bob is key-only: sshd refuses every password login for it, so a password would never be used. It logs in with its keys.", error.TrimEnd('\n', '\r'));
        Assert.Empty(cli.Executor.Applies[^1].Passwords);
    }

    [Fact]
    public async Task Adding_a_key_only_user_with_a_password_is_refused()
    {
        var keyFile = cli.WriteFile("k.pub", Key);
        await cli.RunAsync("site add site1.com --user alice");

        var (exit, _, error) = await cli.RunAsync($"user add bob --site site1.com --key-only --password-stdin --key-file {keyFile}", Password + "\n");

        Assert.Equal(2, exit);
        Assert.Equal("error: password: bob is key-only: sshd refuses every password login for it, so a password would never be used. It logs in with its keys.", error.TrimEnd('\n', '\r'));
        Assert.Single(cli.Executor.Applies);
    }
}
