using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Reads the parts of the host a target talks about, without following links and without changing anything. The
/// accounts (read once per plan, by the caller), the base directories, the sshd files and the list of key files are
/// read on every inspection; the directories and files of a site the incremental view trusts are not (see
/// <see cref="IncrementalView"/>).
/// </summary>
internal sealed class HostInspector(HostProfile profile, HostFileSystem files)
{
    /// <summary>Test seam: told of every path whose entry, ACL or content the inspector reads.</summary>
    public Action<AbsolutePath>? Reading { get; set; }

    /// <param name="managed">The manifest as this apply has it (read once, with what a recovery adopted).</param>
    /// <param name="trusted">
    /// What the incremental view trusts: the directories and files of these sites are taken to be as the target says
    /// (their owner and mode are still lstat'ed by the view's consistency check); null inspects everything.
    /// </param>
    /// <param name="accounts">The account files as this plan read them (one read per plan).</param>
    public HostSnapshot Inspect(HostTarget target, ManifestSession managed, TrustedSlices? trusted, AccountDatabase accounts)
    {
        trusted ??= TrustedSlices.None;
        var manifest = StillManaged(managed.Manifest, managed.Uids, accounts);
        var names = new AccountNames(accounts);

        var userNames = target.Users.Select(u => u.Name.Value)
            .Concat(manifest.Users)
            .Concat(accounts.UsersInGroup(profile.JailGroup.Value).Select(u => u.Name))
            .ToHashSet(StringComparer.Ordinal);
        var users = new Dictionary<string, ObservedUser>(StringComparer.Ordinal);
        foreach (var name in userNames)
        {
            if (accounts.FindUser(name) is { } account)
            {
                users[name] = new ObservedUser(account.Name, account.Home, account.Shell, account.SupplementaryGroups, account.Expired);
            }
        }

        // Parents too, so the planner can refuse a directory whose parent is missing before anything changes.
        var dirPaths = target.BaseDirectories.Concat(target.SiteDirectories.Where(d => !trusted.HasDirectory(d.Path))).SelectMany(d => new[] { d.Path, d.Path.Parent ?? d.Path })
            .Concat(manifest.Sites.Where(s => !trusted.HasSite(s)).Select(s => profile.ChrootFor(SiteDomain.Parse(s))))
            .Distinct();
        var directories = new Dictionary<string, ObservedDirectory>(StringComparer.Ordinal);
        foreach (var dir in target.SiteDirectories.Where(d => trusted.HasDirectory(d.Path)))
        {
            directories[dir.Path.Value] = trusted.Observed(dir, names.User, names.Group);
        }

        var withAcl = target.SiteDirectories.Where(d => d.Acl is not null).Select(d => d.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var path in dirPaths)
        {
            Reading?.Invoke(path);
            var entry = files.Inspect(path);
            directories[path.Value] = new ObservedDirectory(
                path,
                entry.Kind != FileKind.Missing,
                entry.Kind == FileKind.Directory,
                entry.Kind == FileKind.Missing ? null : names.User(entry.Uid),
                entry.Kind == FileKind.Missing ? null : names.Group(entry.Gid),
                entry.Mode)
            { Acl = entry.Kind == FileKind.Directory && withAcl.Contains(path.Value) ? SiteDirectoryAcl.Read(files, path, names.User, names.Group) : null };
        }

        var existingKeyFiles = ListAuthorizedKeysFiles();
        var fileContents = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in target.Files)
        {
            if (trusted.HasFile(file.Path))
            {
                fileContents[file.Path.Value] = file.CreateOnly ? "<exists>" : file.Content;
                continue;
            }

            // A create-only file (the placeholder page) belongs to the customer once it exists: only its presence matters.
            Reading?.Invoke(file.Path);
            fileContents[file.Path.Value] = file.CreateOnly
                ? files.Inspect(file.Path).Kind == FileKind.Missing ? null : "<exists>"
                : ReadManagedFile(file.Path);
        }

        foreach (var path in existingKeyFiles.Where(p => !fileContents.ContainsKey(p.Value)))
        {
            Reading?.Invoke(path);
            fileContents[path.Value] = ReadManagedFile(path);
        }

        var groups = new HashSet<string>(accounts.Groups.Select(g => g.Name), StringComparer.Ordinal);
        return new HostSnapshot(groups, users, directories, fileContents, existingKeyFiles, manifest)
        {
            GroupMembers = SiteGroupMembers.Of(target, accounts),
        };
    }

    /// <summary>
    /// A recorded name held by an account with another uid than the recorded one is not SftpJail's account any more
    /// (its own was deleted and someone made a new one): the planner must treat it as foreign, never change or remove it.
    /// </summary>
    private static ExecutorManifest StillManaged(ExecutorManifest manifest, IReadOnlyDictionary<string, uint> uids, AccountDatabase accounts) =>
        manifest with
        {
            Users = manifest.Users
                .Where(name => !uids.TryGetValue(name, out var uid) || accounts.FindUser(name) is not { } account || account.Uid == uid)
                .ToList(),
        };

    private List<AbsolutePath> ListAuthorizedKeysFiles()
    {
        if (files.Inspect(profile.AuthorizedKeysDir).Kind != FileKind.Directory)
        {
            return [];
        }

        return Directory.EnumerateFileSystemEntries(profile.AuthorizedKeysDir.Value)
            .Select(Path.GetFileName)
            .Where(name => name is not null && LinuxUserName.TryParse(name, out _, out _))
            .Select(name => profile.AuthorizedKeysDir.Combine(name!))
            .Order()
            .ToList();
    }

    /// <summary>A symlink or other non-file where a managed file belongs reads as "different", so the plan rewrites it (and the writer refuses to follow it).</summary>
    private string? ReadManagedFile(AbsolutePath path)
    {
        var entry = files.Inspect(path);
        return entry.Kind switch
        {
            FileKind.Missing => null,
            FileKind.RegularFile => files.ReadTextNoFollow(path),
            _ => $"<{entry.Kind} where a file belongs>",
        };
    }

    private sealed class AccountNames(AccountDatabase accounts)
    {
        private readonly Dictionary<uint, string> users = accounts.Users.GroupBy(u => u.Uid).ToDictionary(g => g.Key, g => g.First().Name);
        private readonly Dictionary<uint, string> groups = accounts.Groups.GroupBy(g => g.Gid).ToDictionary(g => g.Key, g => g.First().Name);

        public string User(uint uid) => users.GetValueOrDefault(uid) ?? $"#{uid}";

        public string Group(uint gid) => groups.GetValueOrDefault(gid) ?? $"#{gid}";
    }
}
