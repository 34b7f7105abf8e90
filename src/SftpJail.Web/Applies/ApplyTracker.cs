using System.Collections.Concurrent;
using System.Security.Cryptography;
using SftpJail.Core.Contract;

namespace SftpJail.Web.Applies;

/// <summary>
/// Runs applies started from interactive pages in the background, so one runs to its end when its tab closes, and
/// keeps them by a random id the page puts in its URL to re-attach after a reload. Each run gets its own DI scope (its
/// own DbContext); entries are forgotten an hour after they finish.
/// </summary>
public sealed class ApplyTracker(IServiceScopeFactory scopes, ILogger<ApplyTracker> logger, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (TrackedApply Apply, Task Run)> applies = new(StringComparer.Ordinal);

    /// <param name="work">The apply itself, in a fresh scope; its executor steps reach the tracked apply as progress.</param>
    /// <param name="oneTimePassword">A generated password to show once after success; never logged.</param>
    public TrackedApply Start(ApplyKind kind, string ownerId, string title, string? oneTimePassword, Func<IServiceProvider, CancellationToken, Task<ApplyOutcome>> work)
    {
        Prune();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var apply = new TrackedApply(kind, id, ownerId, title, oneTimePassword, clock.GetUtcNow());
        // Not the circuit's token: closing the tab must not stop a half-done change to the host.
        var run = Task.Run(() => RunAsync(apply, work), CancellationToken.None);
        applies[id] = (apply, run);
        return apply;
    }

    /// <summary>
    /// The apply <paramref name="id"/> if <paramref name="ownerId"/> started it from the page of <paramref name="kind"/>;
    /// otherwise null, as for an unknown id (another page would not show its secrets, and would use them up).
    /// </summary>
    public TrackedApply? Find(ApplyKind kind, string? id, string? ownerId)
    {
        // Pruned here too, not only when another apply starts: an unread apply's secrets must not outlive Retention.
        Prune();
        return id is not null && ownerId is not null && applies.TryGetValue(id, out var entry) && entry.Apply.OwnerId == ownerId && entry.Apply.Kind == kind
            ? entry.Apply
            : null;
    }

    /// <summary>For tests and shutdown: the run of apply <paramref name="id"/>.</summary>
    internal Task? RunOf(string id) => applies.TryGetValue(id, out var entry) ? entry.Run : null;

    private async Task RunAsync(TrackedApply apply, Func<IServiceProvider, CancellationToken, Task<ApplyOutcome>> work)
    {
        ApplyOutcome outcome;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            using (ApplyProgress.Listen(apply))
            {
                outcome = await work(scope.ServiceProvider, CancellationToken.None);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Background apply {ApplyId} ({Title}) failed.", apply.Id, apply.Title);
            outcome = new ApplyOutcome(false, ex is ExecutorUnavailableException ? ex.Message : "The apply failed unexpectedly; see the panel's log.", []);
        }

        apply.Finish(outcome, clock.GetUtcNow());
    }

    private void Prune()
    {
        var cutoff = clock.GetUtcNow() - Retention;
        foreach (var (id, entry) in applies)
        {
            if (entry.Apply.FinishedBefore(cutoff))
            {
                entry.Apply.ForgetSecrets();
                applies.TryRemove(id, out _);
            }
        }
    }
}
