using Microsoft.Extensions.Logging;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;

namespace SftpJail.Executor;

/// <summary>
/// Incremental apply: an apply inspects and plans only the sites its change touches (see <see cref="IncrementalView"/>),
/// and falls back to a full converge when there is no record of the last apply, an interrupted apply was finished,
/// the consistency check finds a site not as it was left, or a full converge was asked for (<c>apply --full</c>).
/// Plans, previews and reconciles always inspect the whole host.
/// </summary>
public sealed partial class ExecutorEngine
{
    private readonly SiteDigestMemo siteDigests = new();

    private AppliedIndexStore? appliedIndex;

    private AppliedIndexStore AppliedIndexes => appliedIndex ??= new AppliedIndexStore(profile, files);

    /// <summary>Test seam: told of every path the inspector reads (its entry, ACL or content).</summary>
    internal Action<AbsolutePath>? InspectorReading
    {
        set => inspector.Reading = value;
    }

    /// <summary>Test seam: how the last apply chose what to inspect.</summary>
    internal string? LastApplyScope { get; private set; }

    /// <summary>
    /// Drops the record of the last apply, so the next apply inspects and converges the whole host. What
    /// <c>apply --full</c> does first; a reconcile that finds drift does it too.
    /// </summary>
    public void ForgetAppliedIndex()
    {
        try
        {
            AppliedIndexes.Forget();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UnsafePathException)
        {
            // An index that cannot be removed is still checked against the host before anything trusts it.
            logger.LogWarning(ex, "Could not remove {Path}", AppliedIndexes.Path);
        }
    }

    private ApplyScope ScopeFor(HostTarget target, DesiredState desired, HostProfile renderProfile, bool incremental, string? fullReason)
    {
        var web = webServer?.Profile;
        string? Vhost(SiteSpec site) => web is { IsManaged: true } ? $"{site.Enabled}\n{VhostRenderer.Render(site, profile, web, null)}" : null;
        var wanted = ApplyTiming.Time("site digests", () => siteDigests.Of(desired, target, renderProfile, Vhost));
        var scope = new IncrementalView(profile, web).Decide(wanted, incremental ? AppliedIndexes.Load() : null, incremental, fullReason);
        if (incremental && scope.IsFull)
        {
            logger.LogInformation("Apply inspects the whole host: {Scope}", scope);
        }

        return scope;
    }

    /// <summary>After the outcome is recorded: a success records how it left each site; a failure leaves no index to trust.</summary>
    private void RecordAppliedIndex(BuiltPlan built, bool succeeded)
    {
        LastApplyScope = built.Scope?.ToString();
        try
        {
            if (!succeeded || built.Scope is null)
            {
                AppliedIndexes.Forget();
                return;
            }

            if (new IncrementalView(profile, webServer?.Profile).After(built.Scope) is { } index)
            {
                AppliedIndexes.Save(index);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or UnsafePathException)
        {
            logger.LogWarning(ex, "Could not record the applied index; the next apply converges the whole host");
            ForgetAppliedIndex();
        }
    }
}
