using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// A host administrator: a login-shell account in the admin group whose keys SftpJail keeps in a root-owned
/// authorized_keys file (outside the admin's home, so a compromised session cannot plant keys that survive a review).
/// </summary>
public sealed record AdminAccountSpec(LinuxUserName Name, IReadOnlyList<SshPublicKey> Keys)
{
    public bool HasKey => Keys.Count > 0;
}
