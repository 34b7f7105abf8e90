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
/// the files it uploaded are still its own. An apply works on a <see cref="ManifestSession"/> read once; the intent
/// journal covers what happens on the host between two saves. The store keeps what it last parsed or wrote while the
/// file is unchanged (<see cref="RememberedFile{T}"/>).
/// </summary>
internal sealed class ManifestStore(HostProfile profile, HostFileSystem files, string etcDir = "/etc", ApplyFaults? faults = null)
{
    private const int PrivateFile = 0b110_000_000; // 0600

    private readonly StateFileText written = new(profile.ManifestPath);

    // Never changed once parsed: each session copies what it lists.
    private readonly RememberedFile<StoredManifest> parsed = new(profile.ManifestPath);

    /// <summary>The password hashes of the managed users, kept so that a recreated account keeps its password.</summary>
    public PasswordHashStore Hashes { get; } = new(profile, files);

    public ExecutorManifest Load() => Open().Manifest;

    /// <summary>The uid each managed user was created with. A name recorded before uids were has none.</summary>
    public IReadOnlyDictionary<string, uint> LoadUids() => Open().Uids;

    /// <summary>Reads the manifest from disk once, for one apply (or plan, or reconcile) to work on in memory.</summary>
    public ManifestSession Open()
    {
        var stored = parsed.Read(() =>
        {
            var text = files.ReadTextNoFollow(profile.ManifestPath);
            return text is null ? null : JsonSerializer.Deserialize<StoredManifest>(text) ?? throw new InvalidDataException($"{profile.ManifestPath} is empty or not a manifest.");
        });
        if (stored is null)
        {
            return new ManifestSession([], [], new Dictionary<string, uint>(StringComparer.Ordinal));
        }

        return new ManifestSession(
            stored.Sites ?? [],
            stored.Users ?? [],
            new Dictionary<string, uint>(stored.Uids ?? new SortedDictionary<string, uint>(StringComparer.Ordinal), StringComparer.Ordinal));
    }

    /// <summary>
    /// After a successful apply the manifest is the desired state, with each user's uid and password hash as the host
    /// has them now. After a failure it keeps what it had plus what this apply really created: the users recorded as
    /// they were created, and the sites whose chroot exists. A desired name whose useradd never ran is not SftpJail's.
    /// </summary>
    public void RecordAfterApply(ManifestSession session, IReadOnlyList<SiteDomain> sites, IReadOnlyList<LinuxUserName> users, bool succeeded)
    {
        if (!succeeded)
        {
            foreach (var site in sites.Where(site => files.Inspect(profile.ChrootFor(site)).Kind == FileKind.Directory))
            {
                session.RecordSite(site.Value);
            }

            Save(session);
            return;
        }

        // Only the uids: at 10,000 sites the group file (a jail group of 10,000 members) and shadow cost more than passwd.
        var accounts = AccountDatabase.LoadPasswd(etcDir);
        var uids = new Dictionary<string, uint>(StringComparer.Ordinal);
        foreach (var user in users)
        {
            if (accounts.FindUser(user.Value) is { } account)
            {
                uids[user.Value] = account.Uid;
            }
        }

        session.ReplaceWith(sites.Select(s => s.Value), uids, users.Select(u => u.Value));
        Save(session);
        Hashes.Save(ShadowHashes.Read(etcDir, uids.Keys));
    }

    /// <summary>Atomic and synced (file and directory): once this returns, a crash cannot lose what it lists.</summary>
    public void Save(ManifestSession session)
    {
        var stored = new StoredManifest(
            [.. session.Sites],
            [.. session.Users],
            new SortedDictionary<string, uint>(session.Users.Where(session.Uids.ContainsKey).ToDictionary(u => u, u => session.Uids[u], StringComparer.Ordinal), StringComparer.Ordinal));
        faults?.At("save manifest");
        // A write that fails after its rename leaves another file than the one parsed: the next Open parses it again.
        if (written.Write(files, JsonSerializer.Serialize(stored) + "\n", PrivateFile))
        {
            parsed.Wrote(stored);
        }
    }

    private sealed record StoredManifest(List<string>? Sites, List<string>? Users, SortedDictionary<string, uint>? Uids);
}
