using System.Text.Json;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// The executor's record of what it created; only what is listed here is ever changed, removed or archived. Each user
/// is recorded once its useradd succeeded, with the uid it got: an account of that name with another uid is someone
/// else's (made by hand after SftpJail's was deleted), and an account deleted by hand is recreated with that uid, so
/// the files it uploaded are still its own.
/// </summary>
internal sealed class ManifestStore(HostProfile profile, HostFileSystem files, string etcDir = "/etc", ApplyFaults? faults = null)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    /// <summary>The password hashes of the managed users, kept so that a recreated account keeps its password.</summary>
    public PasswordHashStore Hashes { get; } = new(profile, files);

    public ExecutorManifest Load()
    {
        var stored = LoadStored();
        return new ExecutorManifest(stored.Sites, stored.Users);
    }

    /// <summary>The uid each managed user was created with. A name recorded before uids were has none.</summary>
    public IReadOnlyDictionary<string, uint> LoadUids() => LoadStored().Uids;

    /// <summary>Write-ahead after a useradd: the account is SftpJail's even if the rest of the apply fails.</summary>
    public void RecordCreated(LinuxUserName name, uint uid)
    {
        var stored = LoadStored();
        var uids = new Dictionary<string, uint>(stored.Uids, StringComparer.Ordinal) { [name.Value] = uid };
        Save(stored.Sites, stored.Users.Append(name.Value), uids);
    }

    public void RecordRemoved(LinuxUserName name)
    {
        var stored = LoadStored();
        var uids = new Dictionary<string, uint>(stored.Uids, StringComparer.Ordinal);
        uids.Remove(name.Value);
        Save(stored.Sites, stored.Users.Where(u => u != name.Value), uids);
    }

    /// <summary>
    /// After a successful apply the manifest is the desired state, with each user's uid and password hash as the host
    /// has them now. After a failure it keeps what it had plus what this apply really created: the users recorded as
    /// they were created, and the sites whose chroot exists. A desired name whose useradd never ran is not SftpJail's.
    /// </summary>
    public void RecordAfterApply(IReadOnlyList<SiteDomain> sites, IReadOnlyList<LinuxUserName> users, bool succeeded)
    {
        var stored = LoadStored();
        if (!succeeded)
        {
            var created = sites.Where(site => files.Inspect(profile.ChrootFor(site)).Kind == FileKind.Directory).Select(site => site.Value);
            Save(stored.Sites.Concat(created), stored.Users, stored.Uids);
            return;
        }

        var accounts = AccountDatabase.Load(etcDir);
        var uids = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (accounts.FindUser(user.Value) is { } account)
            {
                uids[user.Value] = account.Uid;
            }
        }

        Save(sites.Select(s => s.Value), users.Select(u => u.Value), uids);
        Hashes.Save(ShadowHashes.Read(etcDir, uids.Keys));
    }

    private void Save(IEnumerable<string> sites, IEnumerable<string> users, IReadOnlyDictionary<string, uint> uids)
    {
        var userList = users.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var stored = new StoredManifest(
            sites.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            userList,
            new SortedDictionary<string, uint>(userList.Where(uids.ContainsKey).ToDictionary(u => u, u => uids[u], StringComparer.Ordinal), StringComparer.Ordinal));
        faults?.At("save manifest");
        new AtomicFileWriter(files).Write(profile.ManifestPath, JsonSerializer.Serialize(stored) + "\n", PrivateFile, 0, 0);
    }

    private Loaded LoadStored()
    {
        var text = files.ReadTextNoFollow(profile.ManifestPath);
        if (text is null)
        {
            return new Loaded([], [], new Dictionary<string, uint>(StringComparer.Ordinal));
        }

        var stored = JsonSerializer.Deserialize<StoredManifest>(text) ?? throw new InvalidDataException($"{profile.ManifestPath} is empty or not a manifest.");
        return new Loaded(
            stored.Sites ?? [],
            stored.Users ?? [],
            new Dictionary<string, uint>(stored.Uids ?? new SortedDictionary<string, uint>(StringComparer.Ordinal), StringComparer.Ordinal));
    }

    private sealed record Loaded(IReadOnlyList<string> Sites, IReadOnlyList<string> Users, IReadOnlyDictionary<string, uint> Uids);

    private sealed record StoredManifest(List<string>? Sites, List<string>? Users, SortedDictionary<string, uint>? Uids);
}
