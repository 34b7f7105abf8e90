using Microsoft.Data.Sqlite;

namespace SftpJail.Cli.Tests;

/// <summary><c>sftpjail user password-link DOMAIN USER</c>: the panel's one-time set-password link, printed once.</summary>
public sealed class PasswordLinkCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Prints_the_links_path_once_and_keeps_only_its_hash()
    {
        await cli.RunAsync("site add shop.example --user ann --password-stdin", "Staff-chosen-4417\n");

        var (exit, output, error) = await cli.RunAsync("user password-link shop.example ann --hours 5");

        Assert.Equal(0, exit);
        Assert.Matches("^/set-password/[A-Za-z0-9_-]{43}\n$", output);
        Assert.Contains("for ann on shop.example", error, StringComparison.Ordinal);
        Assert.Contains("SetPasswordLinks:BaseUrl", error, StringComparison.Ordinal);
        var token = output.Trim()["/set-password/".Length..];
        Assert.DoesNotContain(token, string.Join('\n', Rows("SELECT * FROM SetPasswordLinks").Concat(Rows("SELECT * FROM AuditEntries"))), StringComparison.Ordinal);
        Assert.Contains(Rows("SELECT Action, Target FROM AuditEntries"), r => r == "passwordlink.create|shop.example/ann");
    }

    [Fact]
    public async Task Prints_the_whole_link_on_the_configured_address_and_a_new_one_replaces_it()
    {
        await cli.RunAsync("site add shop.example --user ann --password-stdin", "Staff-chosen-4417\n");
        var config = cli.WriteFile("panel.json", """{ "SetPasswordLinks": { "BaseUrl": "https://panel.example.net/" } }""");

        var first = await cli.RunAsync($"--config {config} user password-link shop.example ann");
        var second = await cli.RunAsync($"--config {config} user password-link shop.example ann");
        var revoked = await cli.RunAsync("user password-link shop.example ann --revoke");

        Assert.Matches("^https://panel\\.example\\.net/set-password/[A-Za-z0-9_-]{43}\n$", first.Out);
        Assert.NotEqual(first.Out, second.Out);
        Assert.Contains("earlier link no longer works", second.Err, StringComparison.Ordinal);
        Assert.Equal((0, "revoked 1 unused set-password link(s) of ann\n"), (revoked.Exit, revoked.Out));
    }

    [Fact]
    public async Task Refuses_a_user_of_another_site()
    {
        await cli.RunAsync("site add shop.example --user ann --password-stdin", "Staff-chosen-4417\n");
        await cli.RunAsync("site add blog.example --user bob --password-stdin", "Staff-chosen-4418\n");

        var (exit, output, error) = await cli.RunAsync("user password-link blog.example ann");

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("error: username: There is no user ann on blog.example.\n", error);
    }

    private List<string> Rows(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={cli.DatabaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }
}
