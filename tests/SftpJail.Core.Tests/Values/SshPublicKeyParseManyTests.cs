using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

[Collection(GeneratedSshKeysCollection.Name)]
public sealed class SshPublicKeyParseManyTests(GeneratedSshKeys keys)
{
    [Fact]
    public void Reads_lines_and_rfc4716_blocks_in_order_skipping_blank_and_comment_lines()
    {
        var text = string.Join(
            "\r\n",
            "# laptop",
            keys["ed25519"].PublicLine,
            "",
            "   ",
            keys["ecdsa384"].Rfc4716Export.Replace("\n", "\r\n", StringComparison.Ordinal),
            "#" + keys["rsa2048"].PublicLine,
            keys["rsa4096"].PublicLine);

        var parsed = SshPublicKey.ParseMany(text);

        Assert.Equal(
            [keys["ed25519"].Fingerprint, keys["ecdsa384"].Fingerprint, keys["rsa4096"].Fingerprint],
            parsed.Select(k => k.Fingerprint));
    }

    [Fact]
    public void Names_the_key_and_line_that_failed()
    {
        var text = $"{keys["ed25519"].PublicLine}\n\n# backup\n{keys["ecdsa256"].PublicLine}\n{keys["rsa2048"].PublicLine}\n";

        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany(text, "authorizedKeys"));

        Assert.Equal("authorizedKeys", exception.Field);
        Assert.StartsWith("Key 3 (line 5): RSA keys must have at least 3072 bits", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_key_even_when_there_is_only_one()
    {
        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany("ssh-dss AAAA"));

        Assert.StartsWith("Key 1 (line 1): DSA keys", exception.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("\r\n  \n\t\n")]
    [InlineData("# only a comment\n#another\n")]
    public void Refuses_text_without_any_key(string? text)
    {
        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany(text));

        Assert.Contains("No key found", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_more_than_64_KiB_of_text()
    {
        var line = keys["ed25519"].PublicLine + "\n";
        var text = string.Concat(Enumerable.Repeat(line, (64 * 1024 / line.Length) + 1));

        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany(text));

        Assert.Contains("too long", exception.Reason, StringComparison.Ordinal);
        Assert.Equal(64 * 1024 / line.Length, SshPublicKey.ParseMany(text[..^line.Length]).Count);
    }

    [Fact]
    public void Refuses_a_single_key_longer_than_16_KiB()
    {
        var text = keys["ed25519"].PublicLine + " " + new string('x', 16 * 1024);

        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany(text));

        Assert.Contains("Key 1 (line 1): This key is too long", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_of_a_single_key_refuses_text_holding_two()
    {
        var text = keys["ed25519"].PublicLine + "\n" + keys["ecdsa256"].PublicLine;

        Assert.False(SshPublicKey.TryParse(text, out _, out var error));
        Assert.Contains("Expected one key but found 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_newline_in_a_pasted_comment_cannot_smuggle_a_second_key_into_one_entry()
    {
        var text = keys["ed25519"].PublicLine + "\ncommand=\"sh\" " + keys["ecdsa256"].PublicLine;

        Assert.False(SshPublicKey.TryParse(text, out _, out var error));
        Assert.Contains("Key 2 (line 2): Key options are not accepted", error, StringComparison.Ordinal);
    }
}
