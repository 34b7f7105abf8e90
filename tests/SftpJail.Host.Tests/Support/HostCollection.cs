namespace SftpJail.Host.Tests.Support;

/// <summary>Host tests change /etc/passwd and start daemons: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostCollection
{
    public const string Name = "host";
}
