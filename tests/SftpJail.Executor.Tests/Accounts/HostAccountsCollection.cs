namespace SftpJail.Executor.Tests.Accounts;

/// <summary>Tests that change /etc/passwd run one at a time: useradd and friends fail rather than wait on its lock.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostAccountsCollection
{
    public const string Name = "Host accounts";
}
