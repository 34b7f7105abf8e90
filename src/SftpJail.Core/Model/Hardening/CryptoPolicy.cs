namespace SftpJail.Core.Model.Hardening;

public enum CryptoPolicy
{
    /// <summary>No algorithm lists are rendered: the installed OpenSSH chooses.</summary>
    OpenSshDefaults,

    /// <summary>
    /// The algorithm lists ssh-audit recommends for OpenSSH 9.x servers: only curve25519 / sntrup761 / large DH groups,
    /// AEAD or CTR ciphers, encrypt-then-MAC SHA-2 MACs, and ed25519 / rsa-sha2 host key signatures.
    /// </summary>
    HardenedOpenSsh9,
}
