using Microsoft.Extensions.Logging;
using SftpJail.Core.Activity;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Socket;

namespace SftpJail.Executor;

/// <summary>Customer activity: the log sources the reader follows, and closing one session.</summary>
public sealed partial class ExecutorEngine : IActivitySource
{
    private ActivityLogReader? activityReader;

    /// <summary>The dedicated sshd's own log (sshd -E), next to its config.</summary>
    public static AbsolutePath DedicatedSshdLogFor(HostProfile profile) => profile.SshdMainConfigPath.Parent!.Combine("sshd.log");

    /// <summary>Where <see cref="SftpLogRelay"/> writes internal-sftp's messages from the chroots.</summary>
    public static AbsolutePath SftpRelayLogFor(HostProfile profile) => profile.StateDir.Combine("activity").Combine("sftp.log");

    /// <summary>Test seam: replaces the sources (a fixture's files, a fake journalctl).</summary>
    internal ActivityLogReader ActivityReader
    {
        get => activityReader ??= CreateActivityReader();
        set => activityReader = value;
    }

    /// <summary>The chroots of the sites this executor manages, for the log relay.</summary>
    public IReadOnlyList<string> ManagedChroots() =>
        manifests.Load().Sites
            .Select(domain => SiteDomain.TryParse(domain, out var site, out _) ? profile.ChrootFor(site!).Value : null)
            .OfType<string>()
            .Where(Directory.Exists)
            .ToList();

    public const string NoTransferLog =
        "No transfer log: internal-sftp runs chrooted and its messages reach no log because the executor's Activity:RelayChrootLogs is off " +
        "(and no chroot has a syslog socket of its own). Logins are recorded; uploads, downloads and renames are not.";

    /// <summary>The relay the executor daemon runs (null in the CLI and in tests that run none).</summary>
    private SftpLogRelay? relay;

    /// <summary>Makes the relay this engine keeps in step with the chroots: the relay service's, for its lifetime.</summary>
    public SftpLogRelay AttachRelay(ILogger relayLogger)
    {
        var made = new SftpLogRelay(SftpRelayLogFor(profile).Value, files, profile.JailRoot, relayLogger);
        relay = made;
        return made;
    }

    public void DetachRelay(SftpLogRelay detached)
    {
        if (ReferenceEquals(relay, detached))
        {
            relay = null;
        }
    }

    /// <summary>Under the apply lock: an apply never archives a chroot while the relay is putting a link in it.</summary>
    public async Task SyncRelayAsync(CancellationToken cancellationToken)
    {
        await ApplyLock.WaitAsync(cancellationToken);
        try
        {
            relay?.Sync(ManagedChroots());
        }
        finally
        {
            ApplyLock.Release();
        }
    }

    /// <summary>
    /// For reconcile: each managed chroot the relay could not give its dev/log (a dev/ that is someone else's), whose
    /// transfers are therefore not logged. Something a person must look at, like the other unmanaged entries.
    /// </summary>
    private IReadOnlyList<PlanStep> RelayGaps() =>
        relay is null
            ? []
            : [.. relay.Unserved.OrderBy(u => u.Key, StringComparer.Ordinal).Select(u => new PlanStep(PlanStepKind.FixDirectory, u.Key + "/dev",
                $"internal-sftp's messages from this chroot are not relayed, so its transfers are not logged: {u.Value}"))];

    /// <summary>After an apply (the lock held): a new site's transfers are logged from its first session, not 10 s later.</summary>
    private void SyncRelayAfterApply()
    {
        try
        {
            relay?.Sync(ManagedChroots());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or Native.PosixException or Files.UnsafePathException)
        {
            logger.LogWarning("The sftp log relay could not follow the apply: {Reason}", e.Message);
        }
    }

    public async Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default)
    {
        var batch = await ActivityReader.ReadAsync(cursor, max, cancellationToken) with { RelayForged = relay?.ForgedCount };
        // The journal may carry internal-sftp's messages (an admin's own chroot sockets); a dedicated sshd's log never does.
        var relayed = relay is not null || File.Exists(SftpRelayLogFor(profile).Value);
        return relayed || batch.Sources.Contains("journal") ? batch : batch with { Warning = NoTransferLog };
    }

    public Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (!LinuxUserName.TryParse(userName, out var user, out var problem))
        {
            return Task.FromResult(new SessionCloseResult(false, problem!));
        }

        var managed = manifests.Load().Users.Contains(user!.Value, StringComparer.Ordinal) ? AccountLookup.FindUserId(user.Value) : null;
        var result = new SessionTerminator(profile.SshdBinary.Value).Close(user, managed, pid);
        logger.LogInformation("Close session {Pid} of {User}: {Outcome}", pid, user.Value, result.Message);
        return Task.FromResult(result);
    }

    private ActivityLogReader CreateActivityReader()
    {
        var relay = new ActivityLogFile(SftpRelayLogFor(profile).Value);
        return profile.Mode == SshdMode.Dedicated
            ? new ActivityLogReader(runner, [new ActivityLogFile(DedicatedSshdLogFor(profile).Value, "sshd"), relay], useJournal: false)
            : new ActivityLogReader(runner, [relay], useJournal: true, FailedLoginReader.DefaultLogFiles.Select(f => new ActivityLogFile(f)).ToList());
    }
}
