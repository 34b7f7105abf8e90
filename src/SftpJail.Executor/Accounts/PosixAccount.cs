namespace SftpJail.Executor.Accounts;

/// <summary>A user as /etc/passwd, /etc/group and /etc/shadow describe it.</summary>
public sealed record PosixAccount(
    string Name,
    uint Uid,
    uint Gid,
    string Home,
    string Shell,
    IReadOnlyList<string> SupplementaryGroups,
    bool Expired,
    bool HasUsablePassword);
