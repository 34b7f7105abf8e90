using SftpJail.Core.Contract;
using SftpJail.Data.Services;

namespace SftpJail.Data.HostAccess;

/// <summary>
/// Host-wide SSH access, for the CLI and the panel's Admin pages: admin accounts and their keys, the hardening profile
/// and the enrolment window. Each change is saved, sent to the executor with the whole desired state, and audited;
/// a change the executor refuses (the lock-out guard, say) is not kept, and the audit row carries the reason.
/// </summary>
public interface IHostAccessService
{
    Task<HostAccessView> GetAsync(CancellationToken cancellationToken = default);

    /// <param name="keys">OpenSSH lines or RFC 4716 blocks; may be empty (then open an enrolment window for ssh-copy-id).</param>
    /// <param name="password">Optional; only ever usable during an enrolment window, admins are key-only under the profile.</param>
    Task<OperationResult> AddAdminAsync(string name, IReadOnlyList<string> keys, string? password, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> RemoveAdminAsync(string name, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> AddAdminKeyAsync(string name, string keyText, Actor actor, CancellationToken cancellationToken = default);

    Task<OperationResult> RemoveAdminKeyAsync(string name, string fingerprint, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Applies (or, with <see cref="HardeningDto.Off"/>, removes) the hardening profile.</summary>
    Task<OperationResult> ApplyHardeningAsync(HardeningDto hardening, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Lets <paramref name="admin"/> log in with a password for <paramref name="length"/> (at most an hour); the executor closes it.</summary>
    Task<OperationResult> OpenEnrolmentAsync(string admin, TimeSpan length, string? password, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Ends the open enrolment window now (sshd is reloaded without its password login); it stays listed as closed.</summary>
    Task<OperationResult> CloseEnrolmentAsync(Actor actor, CancellationToken cancellationToken = default);
}

public sealed record AdminKeyView(string Algorithm, string Fingerprint, string Comment);

public sealed record AdminView(string Name, IReadOnlyList<AdminKeyView> Keys);

/// <param name="Enrolment">The last window opened; it may already have expired (compare with the time).</param>
public sealed record HostAccessView(IReadOnlyList<AdminView> Admins, HardeningDto Hardening, EnrolmentDto? Enrolment);
