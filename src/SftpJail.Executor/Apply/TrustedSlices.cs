using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// The sites an incremental apply does not inspect: their target is what the last apply converged, and the consistency
/// check found their directories and files as that apply left them. Their directories are described from the lstat the
/// check made (owner and group named from the account database, as a full inspection would); their ACLs and file
/// contents are taken from the target.
/// </summary>
internal sealed class TrustedSlices
{
    private readonly HashSet<string> sites;
    private readonly HashSet<string> files;
    private readonly Dictionary<string, FileSystemEntry> directories;

    public TrustedSlices(IEnumerable<SiteSlice> slices, IReadOnlyDictionary<string, FileSystemEntry> checkedEntries)
    {
        sites = new HashSet<string>(StringComparer.Ordinal);
        files = new HashSet<string>(StringComparer.Ordinal);
        directories = new Dictionary<string, FileSystemEntry>(StringComparer.Ordinal);
        foreach (var slice in slices)
        {
            sites.Add(slice.Site);
            files.UnionWith(slice.Files.Select(f => f.Path.Value));
            foreach (var dir in slice.Directories)
            {
                directories[dir.Path.Value] = checkedEntries[dir.Path.Value];
            }
        }
    }

    public static TrustedSlices None { get; } = new([], new Dictionary<string, FileSystemEntry>());

    public int SiteCount => sites.Count;

    public bool HasSite(string domain) => sites.Contains(domain);

    public bool HasDirectory(AbsolutePath path) => directories.ContainsKey(path.Value);

    public bool HasFile(AbsolutePath path) => files.Contains(path.Value);

    public ObservedDirectory Observed(DirectoryTarget dir, Func<uint, string> userName, Func<uint, string> groupName)
    {
        var entry = directories[dir.Path.Value];
        var exists = entry.Kind != FileKind.Missing;
        return new ObservedDirectory(dir.Path, exists, entry.Kind == FileKind.Directory, exists ? userName(entry.Uid) : null, exists ? groupName(entry.Gid) : null, entry.Mode)
        {
            Acl = entry.Kind == FileKind.Directory ? dir.Acl?.Describe(dir.Mode) : null,
        };
    }
}
