using System.Text.RegularExpressions;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

/// <summary>Keys made by the real ssh-keygen, checked against what ssh-keygen itself reports.</summary>
[Collection(GeneratedSshKeysCollection.Name)]
public sealed partial class SshPublicKeyGeneratedKeyTests(GeneratedSshKeys keys)
{
    public static TheoryData<string> AcceptedKeys => ["ed25519", "ecdsa256", "ecdsa384", "ecdsa521", "rsa3072", "rsa4096"];

    [Theory]
    [MemberData(nameof(AcceptedKeys))]
    public void Accepts_a_generated_key_with_the_fingerprint_and_size_ssh_keygen_reports(string name)
    {
        var generated = keys[name];

        var key = SshPublicKey.Parse(generated.PublicLine);

        Assert.Equal(generated.Algorithm, key.Algorithm);
        Assert.Equal(generated.Base64Blob, key.Base64Blob);
        Assert.Equal(generated.Comment, key.Comment);
        Assert.Equal(generated.Fingerprint, key.Fingerprint);
        Assert.Equal(generated.Bits, key.Bits);
        Assert.Equal(generated.PublicLine, key.ToAuthorizedKeysLine());
    }

    [Theory]
    [MemberData(nameof(AcceptedKeys))]
    public void Accepts_the_rfc4716_export_of_a_key_as_the_same_key(string name)
    {
        var generated = keys[name];
        var headerComment = CommentHeader().Match(generated.Rfc4716Export).Groups[1].Value;

        var key = SshPublicKey.Parse(generated.Rfc4716Export);

        Assert.Equal(generated.ImportedFromRfc4716, $"{key.Algorithm} {key.Base64Blob}");
        Assert.Equal(generated.Fingerprint, key.Fingerprint);
        Assert.Equal(generated.Bits, key.Bits);
        Assert.NotEmpty(headerComment);
        Assert.Equal($"{generated.ImportedFromRfc4716} {headerComment}", key.ToAuthorizedKeysLine());
    }

    [Fact]
    public void Accepts_a_public_line_pasted_with_crlf_and_surrounding_blank_lines()
    {
        var generated = keys["ed25519"];

        var key = SshPublicKey.Parse($"\r\n  {generated.PublicLine}\r\n\r\n");

        Assert.Equal(generated.PublicLine, key.ToAuthorizedKeysLine());
    }

    [Fact]
    public void Rejects_a_2048_bit_rsa_key_and_asks_for_3072_bits()
    {
        var ok = SshPublicKey.TryParse(keys["rsa2048"].PublicLine, out _, out var error);

        Assert.False(ok);
        Assert.Contains("at least 3072 bits", error, StringComparison.Ordinal);
        Assert.Contains("this one has 2048", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_the_rfc4716_export_of_a_2048_bit_rsa_key()
    {
        Assert.False(SshPublicKey.TryParse(keys["rsa2048"].Rfc4716Export, out _, out var error));
        Assert.Contains("3072", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_certificate_and_asks_for_the_plain_public_key()
    {
        Assert.StartsWith("ssh-ed25519-cert-v01@openssh.com ", keys.CertificateLine, StringComparison.Ordinal);

        Assert.False(SshPublicKey.TryParse(keys.CertificateLine, out _, out var error));
        Assert.Contains("certificate", error, StringComparison.Ordinal);
        Assert.Contains(".pub file", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_certificate_blob_given_under_the_plain_key_type()
    {
        var blob = keys.CertificateLine.Split(' ')[1];

        Assert.False(SshPublicKey.TryParse($"ssh-ed25519 {blob}", out _, out var error));
        Assert.Contains("does not match the type inside the key data ('ssh-ed25519-cert-v01@openssh.com')", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    public void Rejects_a_private_key_and_asks_for_the_pub_file(string name)
    {
        var privateKey = keys[name].PrivateKeyText;
        Assert.Contains("-----BEGIN OPENSSH PRIVATE KEY-----", privateKey, StringComparison.Ordinal);

        Assert.False(SshPublicKey.TryParse(privateKey, out _, out var error));
        Assert.Contains("this is a private key; paste the .pub file", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rejects_a_private_key_pasted_among_public_keys_naming_its_position()
    {
        var text = keys["ed25519"].PublicLine + "\n" + keys["ecdsa256"].PrivateKeyText + keys["rsa3072"].PublicLine;

        var exception = Assert.Throws<InputRejectedException>(() => SshPublicKey.ParseMany(text));
        Assert.Contains("Key 2 (line 2): This is a private key", exception.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_pem_public_key_with_a_hint_to_convert_it()
    {
        Assert.False(SshPublicKey.TryParse(keys.Pkcs8PublicKey, out _, out var error));
        Assert.Contains("ssh-keygen -i -m PKCS8", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_key_whose_type_does_not_match_its_key_data()
    {
        var ed25519Blob = keys["ed25519"].Base64Blob;
        var p256Blob = keys["ecdsa256"].Base64Blob;

        Assert.False(SshPublicKey.TryParse($"ssh-rsa {ed25519Blob}", out _, out var rsaError));
        Assert.False(SshPublicKey.TryParse($"ecdsa-sha2-nistp384 {p256Blob}", out _, out var ecdsaError));

        Assert.Contains("'ssh-rsa' does not match the type inside the key data ('ssh-ed25519')", rsaError, StringComparison.Ordinal);
        Assert.Contains("'ecdsa-sha2-nistp384' does not match the type inside the key data ('ecdsa-sha2-nistp256')", ecdsaError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ed25519", 4)]
    [InlineData("rsa4096", 8)]
    [InlineData("ecdsa521", 4)]
    public void Rejects_key_data_cut_short(string name, int removed)
    {
        var generated = keys[name];
        var truncated = generated.Base64Blob[..^removed];

        Assert.False(SshPublicKey.TryParse($"{generated.Algorithm} {truncated}", out _, out var error));
        Assert.Contains("cut short", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Rejects_key_data_that_is_not_whole_base64(int removed)
    {
        var generated = keys["ed25519"];

        Assert.False(SshPublicKey.TryParse($"{generated.Algorithm} {generated.Base64Blob[..^removed]} c", out _, out var error));
        Assert.Contains("not valid base64", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("!!", "not valid base64")]
    [InlineData("-_", "not valid base64")]
    [InlineData("AAAA", "unexpected bytes after the key")]
    public void Rejects_trailing_garbage_glued_to_the_key_data(string garbage, string expected)
    {
        var generated = keys["ed25519"];

        Assert.False(SshPublicKey.TryParse($"{generated.Algorithm} {generated.Base64Blob}{garbage} c", out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [GeneratedRegex("^Comment: \"(.*)\"$", RegexOptions.Multiline)]
    private static partial Regex CommentHeader();
}
