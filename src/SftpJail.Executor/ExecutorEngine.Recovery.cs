using Microsoft.Extensions.Logging;
using SftpJail.Core.Planning;
using SftpJail.Executor.Apply;

namespace SftpJail.Executor;

/// <summary>The write-ahead intent of an apply: written before the host changes, finished by the next apply (or at start).</summary>
public sealed partial class ExecutorEngine
{
    /// <summary>
    /// At executor start: an apply that was killed, crashed or hit a full disk left an intent; the accounts and sites
    /// it created are adopted into the manifest now, so that nothing on the host is SftpJail's without the manifest
    /// saying so. Returns what was adopted (empty when there was nothing to finish).
    /// </summary>
    public async Task<IReadOnlyList<PlanStep>> FinishInterruptedApplyAsync(CancellationToken cancellationToken = default)
    {
        await ApplyLock.WaitAsync(cancellationToken);
        try
        {
            var opened = OpenManifest();
            FinishInterruptedApply(opened);
            return opened.Adopted;
        }
        finally
        {
            ApplyLock.Release();
        }
    }

    /// <summary>The manifest once, with what an interrupted apply created adopted into it (in memory: previews and reconcile change nothing).</summary>
    private OpenedManifest OpenManifest()
    {
        var manifest = manifests.Open();
        var pending = journal.Load();
        return new OpenedManifest(manifest, pending, pending is null ? [] : recovery.Adopt(pending, manifest));
    }

    /// <summary>Makes the adoption durable and drops the old intent, before this apply writes its own.</summary>
    private void FinishInterruptedApply(OpenedManifest opened)
    {
        if (opened.Pending is null)
        {
            return;
        }

        manifests.Save(opened.Manifest);
        journal.Clear();
        logger.LogWarning("Finished an interrupted apply (started {Started}): adopted {Count} account(s) and site(s)", opened.Pending.Started, opened.Adopted.Count);
    }

    private void WriteIntent(ApplyIntent intent, ApplySession session)
    {
        if (journal.CanWriteNow)
        {
            journal.Write(intent);
            return;
        }

        session.AfterDirectory = path =>
        {
            if (path == profile.StateDir)
            {
                journal.Write(intent);
                session.AfterDirectory = null;
            }
        };
    }

    /// <summary>The accounts this plan creates and the sites it may create that the manifest does not list yet.</summary>
    private static ApplyIntent IntentFor(HostPlan plan, Core.Model.DesiredState desired, ManifestSession manifest)
    {
        var users = plan.Actions
            .Select(a => a switch { CreateUserAction c => c.Target, RecreateUserAction r => r.Target, _ => null })
            .OfType<JailUserTarget>()
            .Select(t => new IntendedUser(t.Name.Value, t.Home.Value))
            .ToList();
        var sites = desired.Sites.Select(s => s.Domain.Value).Where(d => !manifest.HasSite(d)).ToList();
        return new ApplyIntent(Guid.NewGuid().ToString("N"), DateTimeOffset.UtcNow, users, sites);
    }

    private sealed record OpenedManifest(ManifestSession Manifest, ApplyIntent? Pending, IReadOnlyList<PlanStep> Adopted);
}
