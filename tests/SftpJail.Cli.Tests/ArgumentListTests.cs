using SftpJail.Cli;
using SftpJail.Cli.Commands;
using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Tests;

public sealed class ArgumentListTests
{
    [Fact]
    public void Flags_values_repeated_values_and_equals_forms_are_read()
    {
        var a = ArgumentList.Parse("site add", ["site1.com", "--key-file", "a.pub", "--password-stdin", "--key-file=b.pub", "--user=alice"],
            ["--password-stdin"], ["--user", "--key-file"]);

        Assert.Equal(["site1.com"], a.Positionals("domain"));
        Assert.True(a.Has("--password-stdin"));
        Assert.Equal("alice", a.Value("--user"));
        Assert.Equal(["a.pub", "b.pub"], a.All("--key-file"));
    }

    [Fact]
    public void Everything_after_a_double_dash_is_positional()
    {
        var a = ArgumentList.Parse("user key remove", ["alice", "--", "--not-an-option"]);

        Assert.Equal(["alice", "--not-an-option"], a.Positionals("name", "fingerprint"));
    }

    [Theory]
    [InlineData("'site list' has no option --bogus.", "--bogus")]
    [InlineData("'site list' has no option --evil?option.", "--evil\noption")]
    [InlineData("'site list': --json takes no value.", "--json=yes")]
    [InlineData("'site list' does not take 'extra'.", "extra")]
    public void Unknown_or_malformed_options_are_usage_errors_that_echo_printably(string message, string arg)
    {
        var error = Assert.Throws<UsageException>(() => ArgumentList.Parse("site list", [arg], ["--json"]).Positionals());

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_missing_value_positional_or_repeated_single_option_is_an_error()
    {
        Assert.Equal("'site add': --user needs a value.",
            Assert.Throws<UsageException>(() => ArgumentList.Parse("site add", ["x.com", "--user"], valueNames: ["--user"])).Message);
        Assert.Equal("'user key remove' needs NAME FINGERPRINT.",
            Assert.Throws<UsageException>(() => ArgumentList.Parse("user key remove", ["alice"]).Positionals("name", "fingerprint")).Message);
        Assert.Equal("'site add': --user can be given only once.",
            Assert.Throws<UsageException>(() => ArgumentList.Parse("site add", ["--user", "a", "--user", "b"], valueNames: ["--user"]).Value("--user")).Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    [InlineData("100001")]
    public void Limits_must_be_whole_numbers_in_range(string value)
    {
        var a = ArgumentList.Parse("audit list", ["--limit", value], valueNames: ["--limit"]);

        Assert.Throws<UsageException>(() => a.WholeNumber("--limit", 1, 100_000));
    }

    [Fact]
    public void The_config_option_is_taken_from_anywhere_before_a_double_dash()
    {
        var (file, words) = CliApplication.ExtractConfigOption(["site", "--config", "/tmp/x.json", "list", "--json"]);
        var (other, _) = CliApplication.ExtractConfigOption(["--config=/etc/y.json", "plan"]);
        var (none, kept) = CliApplication.ExtractConfigOption(["user", "key", "remove", "alice", "--", "--config"]);

        Assert.Equal(("/tmp/x.json", "/etc/y.json", (string?)null), (file, other, none));
        Assert.Equal(["site", "list", "--json"], words);
        Assert.Equal(["user", "key", "remove", "alice", "--", "--config"], kept);
    }

    [Theory]
    [InlineData("user key add alice --key-file k", "user key add", 3)]
    [InlineData("user add alice --site a.com", "user add", 3)]
    [InlineData("site list", "site list", 0)]
    [InlineData("reconcile --json", "reconcile", 1)]
    public void Commands_are_found_by_their_longest_name(string line, string name, int remaining)
    {
        var (command, rest) = CommandTable.Find(line.Split(' '));

        Assert.Equal((name, remaining), (command.Name, rest.Count));
    }

    [Theory]
    [InlineData("site", "'site' needs one of: add, list, remove, disable, enable, limit, show.")]
    [InlineData("user key frob", "'user key frob' is not a command; 'user key' takes: add, remove.")]
    [InlineData("sites list", "'sites' is not a command; run 'sftpjail help'.")]
    public void An_incomplete_or_unknown_command_says_what_exists(string line, string message)
    {
        Assert.Equal(message, Assert.Throws<UsageException>(() => CommandTable.Find(line.Split(' '))).Message);
    }
}
