using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Finds files in the managed sites' html/ trees whose owner uid has no account: left behind by an account deleted
/// (or recreated with a new uid) outside SftpJail, they cannot be changed by any customer. Reconcile reports them as
/// drift. Read-only; every directory is opened with O_NOFOLLOW relative to its parent, so no link is followed, and the
/// walk is bounded in entries and depth.
/// </summary>
internal sealed class OrphanedFiles(HostProfile profile, HostFileSystem files, string etcDir = "/etc")
{
    public const int MaxEntriesPerSite = 20_000;
    public const int MaxEntriesInAll = 200_000;

    public IReadOnlyList<PlanStep> Find(IEnumerable<SiteDomain> sites)
    {
        var known = AccountDatabase.Load(etcDir).Users.Select(u => u.Uid).ToHashSet();
        var steps = new List<PlanStep>();
        var budget = MaxEntriesInAll;
        foreach (var site in sites)
        {
            if (budget <= 0)
            {
                break;
            }

            var html = profile.UploadDirFor(site);

            var walk = new BoundedTreeWalk(Math.Min(MaxEntriesPerSite, budget));
            var orphans = new Dictionary<uint, (int Count, string Example)>();
            try
            {
                using var root = BoundedTreeWalk.OpenStart(files, html);
                if (root is not null)
                {
                    walk.Visit(root, (_, _, path, stat) =>
                    {
                        if (!known.Contains(stat.Uid))
                        {
                            orphans[stat.Uid] = orphans.TryGetValue(stat.Uid, out var seen) ? (seen.Count + 1, seen.Example) : (1, Printable(path));
                        }
                    });
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A link or a vanished directory on the way: the planner reports what is wrong with the site's directories.
            }

            budget -= walk.Visited;
            steps.AddRange(orphans.OrderBy(o => o.Key).Select(o => new PlanStep(
                PlanStepKind.FixDirectory,
                html.Value,
                $"{o.Value.Count} file(s) owned by uid {o.Key}, which has no account (e.g. {o.Value.Example})"
                + (walk.Stopped ? $"; only the first {walk.Visited} entries were looked at" : string.Empty)
                + ": recreate the account that had this uid, or give the files to the site's owner")));
        }

        return steps;
    }

    // A customer chose this name: keep it one short printable line in the report.
    private static string Printable(string path)
    {
        var printable = new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return printable.Length > 120 ? printable[..120] + "…" : printable;
    }
}
