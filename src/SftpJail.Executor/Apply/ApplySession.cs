using SftpJail.Core.Values;

namespace SftpJail.Executor.Apply;

/// <summary>One apply's working state: its manifest in memory, its fault points, and the new accounts to unlock once it is durable.</summary>
internal sealed class ApplySession(ManifestSession? manifest, ApplyFaults faults)
{
    public ManifestSession? Manifest { get; } = manifest;

    public ApplyFaults Faults { get; } = faults;

    /// <summary>Accounts created locked by this apply that the desired state has enabled.</summary>
    public List<LinuxUserName> ToUnlock { get; } = [];
}
