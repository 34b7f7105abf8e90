namespace SftpJail.Core.Model.Hardening;

/// <summary>The four algorithm lists a crypto policy sets; empty lists mean "leave the keyword out".</summary>
public sealed record CryptoAlgorithms(
    IReadOnlyList<SshdToken> KexAlgorithms,
    IReadOnlyList<SshdToken> Ciphers,
    IReadOnlyList<SshdToken> Macs,
    IReadOnlyList<SshdToken> HostKeyAlgorithms)
{
    public static CryptoAlgorithms None { get; } = new([], [], [], []);

    /// <summary>
    /// The lists for a policy on a given OpenSSH release. Every name here is one <c>ssh -Q</c> lists on OpenSSH 9.2;
    /// Debian's gss-* key exchanges are left out because they exist only with its GSSAPI patch.
    /// </summary>
    public static CryptoAlgorithms For(CryptoPolicy policy, SshdVersion version)
    {
        if (policy == CryptoPolicy.OpenSshDefaults)
        {
            return None;
        }

        List<string> kex = version.AtLeast(SshdVersion.SntrupKex)
            ? ["sntrup761x25519-sha512@openssh.com", "curve25519-sha256", "curve25519-sha256@libssh.org"]
            : ["curve25519-sha256", "curve25519-sha256@libssh.org"];
        kex.AddRange(["diffie-hellman-group16-sha512", "diffie-hellman-group18-sha512", "diffie-hellman-group-exchange-sha256"]);

        return new CryptoAlgorithms(
            Tokens(kex),
            Tokens(["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com", "aes256-ctr", "aes192-ctr", "aes128-gcm@openssh.com", "aes128-ctr"]),
            Tokens(["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com", "umac-128-etm@openssh.com"]),
            Tokens(
            [
                "sk-ssh-ed25519-cert-v01@openssh.com", "ssh-ed25519-cert-v01@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
                "rsa-sha2-256-cert-v01@openssh.com", "sk-ssh-ed25519@openssh.com", "ssh-ed25519", "rsa-sha2-512", "rsa-sha2-256",
            ]));
    }

    private static List<SshdToken> Tokens(IEnumerable<string> names) => names.Select(name => SshdToken.Parse(name)).ToList();
}
