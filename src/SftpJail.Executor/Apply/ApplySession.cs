using SftpJail.Core.Values;

namespace SftpJail.Executor.Apply;

/// <summary>One apply's working state: its manifest in memory, its fault points, and the new accounts to unlock once it is durable.</summary>
internal sealed class ApplySession(ManifestSession? manifest, ApplyFaults faults)
{
    public ManifestSession? Manifest { get; } = manifest;

    public ApplyFaults Faults { get; } = faults;

    /// <summary>Called after each directory the plan made or fixed (the intent waits for the state directory on a fresh host).</summary>
    public Action<AbsolutePath>? AfterDirectory { get; set; }

    /// <summary>Accounts created locked by this apply that the desired state has enabled.</summary>
    public List<LinuxUserName> ToUnlock { get; } = [];
}
