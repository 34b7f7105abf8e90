using System.Security.Cryptography;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

/// <summary>Hand-made key blobs that no key generator writes: each breaks one rule of the wire format.</summary>
public sealed class SshPublicKeyWireStructureTests
{
    [Fact]
    public void Accepts_a_well_formed_ed25519_blob_and_fingerprints_the_raw_bytes()
    {
        var blob = new SshBlob().String("ssh-ed25519").String(new byte[32]).ToArray();

        var key = SshPublicKey.Parse("ssh-ed25519 " + Convert.ToBase64String(blob));

        Assert.Equal(256, key.Bits);
        Assert.Equal("SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('='), key.Fingerprint);
    }

    [Theory]
    [InlineData(31)]
    [InlineData(33)]
    [InlineData(0)]
    public void Rejects_an_ed25519_key_that_is_not_32_bytes(int length)
    {
        var blob = new SshBlob().String("ssh-ed25519").String(new byte[length]).ToBase64();

        Assert.Contains($"32 bytes; this one has {length}", Rejected($"ssh-ed25519 {blob}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_ecdsa_key_naming_another_curve_inside()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var blob = new SshBlob().String("ecdsa-sha2-nistp256").String("nistp384").String(Point(ecdsa)).ToBase64();

        Assert.Contains("curve inside the key data does not match", Rejected($"ecdsa-sha2-nistp256 {blob}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_a_valid_p256_point_and_rejects_one_that_is_off_the_curve()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var point = Point(ecdsa);
        var good = new SshBlob().String("ecdsa-sha2-nistp256").String("nistp256").String(point).ToBase64();
        point[^1] ^= 1;
        var bad = new SshBlob().String("ecdsa-sha2-nistp256").String("nistp256").String(point).ToBase64();

        Assert.Equal(256, SshPublicKey.Parse($"ecdsa-sha2-nistp256 {good}").Bits);
        Assert.Contains("not on the curve", Rejected($"ecdsa-sha2-nistp256 {bad}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_compressed_ecdsa_point()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var q = ecdsa.ExportParameters(false).Q;
        byte[] compressed = [(byte)(2 + (q.Y![^1] & 1)), .. q.X!];
        var blob = new SshBlob().String("ecdsa-sha2-nistp256").String("nistp256").String(compressed).ToBase64();

        Assert.Contains("uncompressed 256-bit curve point", Rejected($"ecdsa-sha2-nistp256 {blob}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3072, null)]
    [InlineData(3071, "at least 3072 bits; this one has 3071")]
    [InlineData(1024, "at least 3072 bits; this one has 1024")]
    [InlineData(16384, null)]
    [InlineData(16392, "at most 16384 bits")]
    public void Measures_the_rsa_modulus_in_bits(int bits, string? expected)
    {
        var blob = new SshBlob().String("ssh-rsa").String([1, 0, 1]).String(SshBlob.OddNumber(bits)).ToBase64();

        var ok = SshPublicKey.TryParse($"ssh-rsa {blob}", out var key, out var error);

        if (expected is null)
        {
            Assert.True(ok, error);
            Assert.Equal(bits, key!.Bits);
        }
        else
        {
            Assert.False(ok);
            Assert.Contains(expected, error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rejects_an_rsa_key_with_a_negative_modulus()
    {
        byte[] negative = [0x80, .. new byte[383]];
        negative[^1] = 1;
        var blob = new SshBlob().String("ssh-rsa").String([1, 0, 1]).String(negative).ToBase64();

        Assert.Contains("negative or zero", Rejected($"ssh-rsa {blob}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 0 })]
    [InlineData(new byte[] { 1 })]
    public void Rejects_an_rsa_key_with_an_even_or_trivial_exponent(byte[] exponent)
    {
        var blob = new SshBlob().String("ssh-rsa").String(exponent).String(SshBlob.OddNumber(4096)).ToBase64();

        Assert.Contains("invalid exponent or modulus", Rejected($"ssh-rsa {blob}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_rsa_blob_missing_its_modulus()
    {
        var blob = new SshBlob().String("ssh-rsa").String([1, 0, 1]).ToBase64();

        Assert.Contains("cut short", Rejected($"ssh-rsa {blob}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_length_prefix_that_points_past_the_end()
    {
        var blob = new SshBlob().String("ssh-ed25519").Raw(0, 0, 0, 64).Raw(new byte[32]).ToBase64();

        Assert.Contains("cut short", Rejected($"ssh-ed25519 {blob}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_bytes_after_the_last_field()
    {
        var blob = new SshBlob().String("ssh-ed25519").String(new byte[32]).Raw(0).ToBase64();

        Assert.Contains("unexpected bytes after the key", Rejected($"ssh-ed25519 {blob}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ssh-dss", "DSA keys (ssh-dss) are not accepted")]
    [InlineData("sk-ssh-ed25519@openssh.com", "Security-key (FIDO/U2F) keys")]
    [InlineData("sk-ecdsa-sha2-nistp256@openssh.com", "Security-key (FIDO/U2F) keys")]
    [InlineData("ssh-rsa-cert-v01@openssh.com", "is an SSH certificate")]
    [InlineData("ssh-ed448", "'ssh-ed448' is not a supported key type")]
    [InlineData("rsa-sha2-512", "'rsa-sha2-512' is not a supported key type")]
    public void Rejects_a_key_type_that_is_not_accepted(string type, string expected)
    {
        var blob = new SshBlob().String(type).String(new byte[32]).ToBase64();

        Assert.Contains(expected, Rejected($"{type} {blob} comment"), StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_refused_type_hidden_in_an_rfc4716_block()
    {
        var blob = new SshBlob().String("ssh-dss").String(new byte[32]).ToBase64();

        var error = Rejected($"---- BEGIN SSH2 PUBLIC KEY ----\n{blob}\n---- END SSH2 PUBLIC KEY ----");

        Assert.Contains("DSA keys", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_key_data_whose_type_name_is_not_printable()
    {
        var blob = new SshBlob().String("ssh-ed25519\n").String(new byte[32]).ToBase64();

        Assert.Contains("does not start with a key type name", Rejected($"---- BEGIN SSH2 PUBLIC KEY ----\n{blob}\n---- END SSH2 PUBLIC KEY ----"), StringComparison.Ordinal);
    }

    private static byte[] Point(ECDsa ecdsa)
    {
        var q = ecdsa.ExportParameters(false).Q;
        return [4, .. q.X!, .. q.Y!];
    }

    private static string Rejected(string text)
    {
        var ok = SshPublicKey.TryParse(text, out var key, out var error);

        Assert.False(ok, $"accepted as {key}");
        return error!;
    }
}
