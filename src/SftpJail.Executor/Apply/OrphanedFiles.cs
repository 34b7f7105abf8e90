using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

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
    private const int MaxDepth = 32;

    private static readonly int DirectoryFlags = OpenFlags.ReadOnly | OpenFlags.Directory | OpenFlags.NoFollow | OpenFlags.CloseOnExec;

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
            if (files.Inspect(html).Kind != FileKind.Directory)
            {
                continue;
            }

            var walk = new Walk(known, Math.Min(MaxEntriesPerSite, budget));
            try
            {
                using var parent = files.OpenParentForChange(html, out var name);
                using var root = Posix.TryOpenAt(parent, name, DirectoryFlags, 0, out _);
                if (root is not null)
                {
                    walk.Visit(root, string.Empty, 0);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A link or a vanished directory on the way: the planner reports what is wrong with the site's directories.
            }

            budget -= walk.Visited;
            steps.AddRange(walk.Orphans.OrderBy(o => o.Key).Select(o => new PlanStep(
                PlanStepKind.FixDirectory,
                html.Value,
                $"{o.Value.Count} file(s) owned by uid {o.Key}, which has no account (e.g. {o.Value.Example})"
                + (walk.Stopped ? $"; only the first {walk.Visited} entries were looked at" : string.Empty)
                + ": recreate the account that had this uid, or give the files to the site's owner")));
        }

        return steps;
    }

    private sealed class Walk(HashSet<uint> known, int limit)
    {
        public Dictionary<uint, (int Count, string Example)> Orphans { get; } = [];

        public int Visited { get; private set; }

        public bool Stopped { get; private set; }

        public void Visit(FileDescriptor directory, string relative, int depth)
        {
            // The descriptor's /proc link lists exactly the directory that was opened, whatever its path now leads to.
            var names = Directory.EnumerateFileSystemEntries($"/proc/self/fd/{directory.Value}").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
            foreach (var name in names)
            {
                if (Visited >= limit)
                {
                    Stopped = true;
                    return;
                }

                Visited++;
                var path = relative.Length == 0 ? name : relative + "/" + name;
                if (!Posix.TryStatNoFollow(directory, name, path, out var stat))
                {
                    continue;
                }

                if (!known.Contains(stat.Uid))
                {
                    Orphans[stat.Uid] = Orphans.TryGetValue(stat.Uid, out var seen) ? (seen.Count + 1, seen.Example) : (1, Printable(path));
                }

                if (stat.IsDirectory && depth < MaxDepth)
                {
                    using var child = Posix.TryOpenAt(directory, name, DirectoryFlags, 0, out _);
                    if (child is not null)
                    {
                        Visit(child, path, depth + 1);
                    }
                }
            }
        }

        // A customer chose this name: keep it one short printable line in the report.
        private static string Printable(string path)
        {
            var printable = new string(path.Select(c => char.IsControl(c) ? '?' : c).ToArray());
            return printable.Length > 120 ? printable[..120] + "…" : printable;
        }
    }
}
