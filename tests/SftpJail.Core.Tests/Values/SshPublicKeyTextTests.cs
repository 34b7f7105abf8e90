using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

/// <summary>Options, comments and the RFC 4716 block syntax, around real keys.</summary>
[Collection(GeneratedSshKeysCollection.Name)]
public sealed class SshPublicKeyTextTests(GeneratedSshKeys keys)
{
    [Theory]
    [InlineData("command=\"/bin/sh -c 'id'\"", "command")]
    [InlineData("from=\"10.0.0.0/8\"", "from")]
    [InlineData("no-pty,no-agent-forwarding", "no-pty")]
    [InlineData("restrict", "restrict")]
    [InlineData("NO-PTY", "NO-PTY")]
    [InlineData("environment=\"LD_PRELOAD=/tmp/x.so\"", "environment")]
    [InlineData("future-option=\"x\"", null)] // unknown to sshd: not repeated (it may be a password in the wrong column)
    [InlineData("some-unknown-flag", null)]
    public void Rejects_authorized_keys_options_in_front_of_a_key(string options, string? named)
    {
        var line = $"{options} {keys["ed25519"].PublicLine}";

        Assert.False(SshPublicKey.TryParse(line, out _, out var error));
        Assert.Contains("options are not accepted", error, StringComparison.Ordinal);
        if (named is null)
        {
            Assert.DoesNotContain(options.Split('=')[0], error, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"'{named}'", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rejects_bare_key_data_without_calling_it_an_option()
    {
        Assert.False(SshPublicKey.TryParse(keys["ed25519"].Base64Blob, out _, out var error));
        Assert.DoesNotContain("options", error, StringComparison.Ordinal);
        Assert.Contains("does not start with an SSH key type", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Strips_control_characters_and_non_ascii_from_the_comment()
    {
        var generated = keys["ed25519"];
        var line = $"{generated.Algorithm} {generated.Base64Blob} \t evil\u0000\u001b[31mred\u007f\tbob\u00a0caf\u00e9\u200b \u2028x\r";

        var key = SshPublicKey.Parse(line);

        Assert.Equal("evil[31mred bob caf x", key.Comment);
        Assert.Equal($"{generated.Algorithm} {generated.Base64Blob} evil[31mred bob caf x", key.ToAuthorizedKeysLine());
    }

    [Fact]
    public void Truncates_a_long_comment_to_100_characters_without_a_trailing_space()
    {
        var generated = keys["ed25519"];
        var comment = new string('c', 99) + " dropped";

        var key = SshPublicKey.Parse($"{generated.Algorithm} {generated.Base64Blob} {comment}");

        Assert.Equal(new string('c', 99), key.Comment);
        Assert.Equal(100, SshPublicKey.Parse($"{generated.Algorithm} {generated.Base64Blob} {new string('d', 300)}").Comment.Length);
    }

    [Fact]
    public void Keeps_an_empty_comment_out_of_the_line()
    {
        var generated = keys["ecdsa384"];

        var key = SshPublicKey.Parse($"{generated.Algorithm}\t{generated.Base64Blob}   \u0001  ");

        Assert.Equal("", key.Comment);
        Assert.Equal($"{generated.Algorithm} {generated.Base64Blob}", key.ToAuthorizedKeysLine());
    }

    [Fact]
    public void Reads_a_puttygen_style_block_with_a_continued_comment_header_and_other_headers()
    {
        var generated = keys["rsa3072"];
        var body = string.Join("\r\n", generated.Base64Blob.Chunk(64).Select(c => new string(c)));
        var block =
            "---- BEGIN SSH2 PUBLIC KEY ----\r\n" +
            "Subject: site1\r\n" +
            "Comment: \"rsa-key-20240101 \\\r\n" +
            "for site1\"\r\n" +
            "x-private-header: whatever: with colons\r\n" +
            body + "\r\n" +
            "---- END SSH2 PUBLIC KEY ----\r\n";

        var key = SshPublicKey.Parse(block);

        Assert.Equal(generated.Base64Blob, key.Base64Blob);
        Assert.Equal("rsa-key-20240101 for site1", key.Comment);
        Assert.Equal(generated.Fingerprint, key.Fingerprint);
    }

    [Fact]
    public void Rejects_an_rfc4716_block_without_its_end_line()
    {
        var export = keys["ed25519"].Rfc4716Export;
        var cut = export[..export.IndexOf("---- END", StringComparison.Ordinal)];

        Assert.False(SshPublicKey.TryParse(cut, out _, out var error));
        Assert.Contains("no '---- END SSH2 PUBLIC KEY ----' line", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_rfc4716_block_whose_body_is_cut_short()
    {
        var generated = keys["ecdsa521"];
        var export = generated.Rfc4716Export.Replace(generated.Rfc4716Export.Split('\n')[2], "", StringComparison.Ordinal);

        Assert.False(SshPublicKey.TryParse(export, out _, out var error));
        Assert.Matches("cut short|not valid base64", error);
    }

    [Fact]
    public void Rejects_an_rfc4716_block_without_key_data()
    {
        const string Block = "---- BEGIN SSH2 PUBLIC KEY ----\nComment: \"empty\"\n---- END SSH2 PUBLIC KEY ----\n";

        Assert.False(SshPublicKey.TryParse(Block, out _, out var error));
        Assert.Contains("no key data", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_rfc4716_block_with_lines_after_its_end_line()
    {
        var text = keys["ed25519"].Rfc4716Export + "trailing garbage\n";

        Assert.False(SshPublicKey.TryParse(text, out _, out var error));
        Assert.Contains("Key 2 (line 5)", error, StringComparison.Ordinal);
        Assert.Contains("does not start with an SSH key type", error, StringComparison.Ordinal);
        Assert.DoesNotContain("trailing", error, StringComparison.Ordinal); // not a type name: not echoed
    }

    [Fact]
    public void Rejects_a_commercial_ssh_private_key_block()
    {
        const string Block = "---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----\nComment: \"k\"\nP2/56wAAAgIAAAAmZGwtbW9kcHtzaWdue2RzYS1uaXN0LXNoYTF9\n---- END SSH2 ENCRYPTED PRIVATE KEY ----\n";

        Assert.False(SshPublicKey.TryParse(Block, out _, out var error));
        Assert.Contains("this is a private key; paste the .pub file", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_a_putty_private_key_file()
    {
        const string Ppk = "PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIG\nPrivate-Lines: 1\nAAAAIA\nPrivate-MAC: 00\n";

        Assert.False(SshPublicKey.TryParse(Ppk, out _, out var error));
        Assert.Contains("this is a private key", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Names_a_private_key_anywhere_in_an_uploaded_text_and_not_a_public_one()
    {
        var ed25519 = keys["ed25519"];

        Assert.True(SshPublicKey.HoldsPrivateKey(ed25519.PrivateKeyText));
        Assert.True(SshPublicKey.HoldsPrivateKey($"{keys["rsa3072"].PublicLine}\n\n{ed25519.PrivateKeyText}"));
        Assert.True(SshPublicKey.HoldsPrivateKey("PuTTY-User-Key-File-3: ssh-ed25519\nPrivate-MAC: 00\n"));
        Assert.False(SshPublicKey.HoldsPrivateKey($"# laptop\n{ed25519.PublicLine}\n{ed25519.Rfc4716Export}"));
        Assert.False(SshPublicKey.HoldsPrivateKey(keys.Pkcs8PublicKey));
        Assert.False(SshPublicKey.HoldsPrivateKey(""));
    }
}
