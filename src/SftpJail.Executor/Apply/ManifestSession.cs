using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Apply;

/// <summary>
/// The manifest as one apply sees and changes it: read from disk once when the apply starts, changed in memory as
/// accounts are created and removed, and written (atomically, synced) by <see cref="ManifestStore.Save"/> only at the
/// points the intent journal needs. One lookup per account action instead of one file read and rewrite.
/// </summary>
internal sealed class ManifestSession
{
    private readonly SortedSet<string> sites;
    private readonly SortedSet<string> users;
    private readonly Dictionary<string, uint> uids;

    public ManifestSession(IEnumerable<string> sites, IEnumerable<string> users, IReadOnlyDictionary<string, uint> uids)
    {
        this.sites = new SortedSet<string>(sites, StringComparer.Ordinal);
        this.users = new SortedSet<string>(users, StringComparer.Ordinal);
        this.uids = new Dictionary<string, uint>(uids, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<string> Sites => sites;

    public IReadOnlyCollection<string> Users => users;

    /// <summary>The uid each managed user was created with. A name recorded before uids were has none.</summary>
    public IReadOnlyDictionary<string, uint> Uids => uids;

    public ExecutorManifest Manifest => new([.. sites], [.. users]);

    public bool HasUser(string name) => users.Contains(name);

    public bool HasSite(string domain) => sites.Contains(domain);

    /// <summary>After a useradd (or when a recovery adopts an account an interrupted apply created).</summary>
    public void RecordCreated(LinuxUserName name, uint uid)
    {
        users.Add(name.Value);
        uids[name.Value] = uid;
    }

    public void RecordRemoved(LinuxUserName name)
    {
        users.Remove(name.Value);
        uids.Remove(name.Value);
    }

    public void RecordSite(string domain) => sites.Add(domain);

    /// <summary>After a successful apply: exactly the desired sites and users, with the uids the host gave them.</summary>
    public void ReplaceWith(IEnumerable<string> desiredSites, IReadOnlyDictionary<string, uint> desiredUids, IEnumerable<string> desiredUsers)
    {
        sites.Clear();
        sites.UnionWith(desiredSites);
        users.Clear();
        users.UnionWith(desiredUsers);
        uids.Clear();
        foreach (var (name, uid) in desiredUids)
        {
            uids[name] = uid;
        }
    }
}
