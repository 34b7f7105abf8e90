namespace SftpJail.Executor.Accounts;

/// <summary>A group as /etc/group describes it; <see cref="Members"/> lists supplementary members only.</summary>
public sealed record PosixGroup(string Name, uint Gid, IReadOnlyList<string> Members);
