using Microsoft.Data.Sqlite;

namespace SftpJail.Cli.Tests;

/// <summary><c>sftpjail token …</c>: the same tokens as the panel's page, the token printed once and never more than its owner.</summary>
public sealed class TokenCommandTests : IDisposable
{
    private readonly CliRunner cli = new();

    public void Dispose() => cli.Dispose();

    [Fact]
    public async Task Creates_lists_and_revokes_a_token_printing_the_secret_only_once()
    {
        await cli.RunAsync("site list");
        AddPanelAccount("ops@example.test", "Staff");

        var (exit, output, error) = await cli.RunAsync("token create --owner ops@example.test --name deploy --scope Staff --days 7");

        Assert.Equal(0, exit);
        var token = output.Trim();
        Assert.Matches("^sjt_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$", token);
        Assert.StartsWith($"created {token[..20]}_… for ops@example.test (Staff)", error, StringComparison.Ordinal);
        var list = await cli.RunAsync("token list");
        Assert.Contains("deploy", list.Out, StringComparison.Ordinal);
        Assert.Contains("active", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(token[21..], list.Out + (await cli.RunAsync("token list --json")).Out + (await cli.RunAsync("audit list --json --limit 100")).Out, StringComparison.Ordinal);

        var revoke = await cli.RunAsync("token revoke 1");
        Assert.Equal((0, "revoked token 1\n"), (revoke.Exit, revoke.Out));
        Assert.Contains("revoked", (await cli.RunAsync("token list")).Out, StringComparison.Ordinal);
        Assert.Contains("already revoked", (await cli.RunAsync("token revoke 1")).Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_scope_above_the_owners_role()
    {
        await cli.RunAsync("site list");
        AddPanelAccount("help@example.test", "Customer");

        var (exit, output, error) = await cli.RunAsync("token create --owner help@example.test --name x --scope Admin");

        Assert.Equal((2, ""), (exit, output));
        Assert.Equal("error: scope: help@example.test is Customer; a token cannot do more than its owner.\n", error);
    }

    /// <summary>A panel account as the panel's Identity would store it (the CLI itself makes none).</summary>
    private void AddPanelAccount(string email, string role)
    {
        using var connection = new SqliteConnection($"Data Source={cli.DatabaseFile};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO AspNetRoles (Id, Name, NormalizedName) VALUES ($role, $role, upper($role));
            INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
                VALUES ($id, $email, upper($email), $email, upper($email), 1, 0, 0, 1, 0);
            INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($id, $role);
            """;
        command.Parameters.AddWithValue("$role", role);
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("$email", email);
        command.ExecuteNonQuery();
    }
}
