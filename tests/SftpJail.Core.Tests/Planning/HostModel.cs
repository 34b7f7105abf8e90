using SftpJail.Core.Model;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>
/// An in-memory host: groups, accounts, directories and files with owner and mode, the executor's manifests. It
/// carries out <see cref="HostAction"/>s with the executor's preconditions (a directory is made inside an existing
/// one, an owner must exist, one directory at a time) and observes itself the way HostInspector does.
/// </summary>
internal sealed class HostModel
{
    private readonly Dictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObservedUser> users = new(StringComparer.Ordinal);
    private readonly HashSet<string> groups = new(StringComparer.Ordinal) { "root" };
    private List<string> manifestSites = [];
    private List<string> manifestUsers = [];
    private HashSet<string> createdAdmins = new(StringComparer.Ordinal);
    private int archived;

    public HostModel(IEnumerable<string> adminDirectories, IEnumerable<string> existingGroups)
    {
        entries["/"] = Entry.Directory("root", "root", DirectoryRoles.RootDir);
        foreach (var dir in adminDirectories)
        {
            entries[dir] = Entry.Directory("root", "root", DirectoryRoles.RootDir);
        }

        groups.UnionWith(existingGroups);
    }

    /// <summary>A step the real executor could not take (a missing parent, a missing owner).</summary>
    public sealed class ImpossibleStep(string message) : Exception(message);

    private sealed record Entry(bool IsDirectory, string Owner, string Group, int Mode, string? Content)
    {
        /// <summary>The ACLs as the executor reads them ("" for none).</summary>
        public string Acl { get; init; } = string.Empty;

        public static Entry Directory(string owner, string group, int mode) => new(true, owner, group, mode, null);
    }

    public IReadOnlyDictionary<string, ObservedUser> Users => users;

    public void Apply(HostPlan plan)
    {
        foreach (var action in plan.Actions)
        {
            Apply(action);
        }
    }

    /// <summary>What the executor records after a successful apply.</summary>
    public void RecordSuccess(DesiredState desired, HostPlan plan)
    {
        manifestSites = desired.Sites.Select(s => s.Domain.Value).ToList();
        manifestUsers = desired.AllUsers.Select(p => p.User.Name.Value).ToList();
        createdAdmins.UnionWith(plan.Actions.OfType<CreateAdminAction>().Select(a => a.Name.Value));
        createdAdmins.ExceptWith(plan.Actions.OfType<RemoveAdminAction>().Select(a => a.Name.Value));
    }

    private void Apply(HostAction action)
    {
        switch (action)
        {
            case CreateGroupAction group:
                Require(groups.Add(group.Group.Value), $"group {group.Group} already exists");
                break;
            case EnsureDirectoryAction dir:
                RequireAccount(dir.Target.Owner, dir.Target.Group);
                RequireDirectory(dir.Target.Path.Parent!, dir.Target.Path);
                if (entries.TryGetValue(dir.Target.Path.Value, out var existing))
                {
                    Require(existing.IsDirectory, $"{dir.Target.Path} is a file");
                }

                if (dir.Target.MustBeRootOwnedChain)
                {
                    for (var parent = dir.Target.Path.Parent; parent is not null; parent = parent.Parent)
                    {
                        var entry = entries[parent.Value];
                        Require(entry.Owner == "root" && (entry.Mode & 0b000_010_010) == 0, $"{parent} breaks the root-owned chain of {dir.Target.Path}");
                    }
                }

                if (dir.Target.Acl is { } acl)
                {
                    Require(groups.Contains(acl.ReadOnlyGroup.Value), $"the ACL's group {acl.ReadOnlyGroup} does not exist");
                }

                entries[dir.Target.Path.Value] = Entry.Directory(dir.Target.Owner, dir.Target.Group, dir.Target.Mode) with
                {
                    Acl = dir.Target.Acl?.Describe(dir.Target.Mode) ?? existing?.Acl ?? string.Empty,
                };
                break;
            case CreateUserAction create:
                Require(!users.ContainsKey(create.Target.Name.Value), $"user {create.Target.Name} exists");
                Require(create.Target.Groups.All(g => groups.Contains(g.Value)), $"a group of {create.Target.Name} is missing");
                users[create.Target.Name.Value] = Observed(create.Target);
                break;
            case UpdateUserAction update:
                Require(users.ContainsKey(update.Target.Name.Value), $"user {update.Target.Name} is missing");
                users[update.Target.Name.Value] = Observed(update.Target);
                break;
            case RemoveUserAction remove:
                Require(users.Remove(remove.Name.Value), $"user {remove.Name} is missing");
                break;
            case SetPasswordAction password:
                Require(users.ContainsKey(password.Name.Value), $"user {password.Name} is missing");
                break;
            case CreateAdminAction admin:
                Require(!users.ContainsKey(admin.Name.Value), $"user {admin.Name} exists");
                Require(groups.Contains(admin.AdminGroup.Value), $"group {admin.AdminGroup} is missing");
                users[admin.Name.Value] = new ObservedUser(admin.Name.Value, $"/home/{admin.Name}", admin.Shell.Value, [admin.AdminGroup.Value, admin.Name.Value], false);
                break;
            case RemoveAdminAction admin:
                Require(users.Remove(admin.Name.Value), $"admin {admin.Name} is missing");
                break;
            case WriteFileAction write:
                RequireAccount(write.File.Owner, write.File.Group);
                RequireDirectory(write.File.Path.Parent!, write.File.Path);
                Require(!entries.TryGetValue(write.File.Path.Value, out var old) || !old.IsDirectory, $"{write.File.Path} is a directory");
                entries[write.File.Path.Value] = new Entry(false, write.File.Owner, write.File.Group, write.File.Mode, write.File.Content);
                break;
            case RemoveFileAction remove:
                Require(entries.TryGetValue(remove.Path.Value, out var file) && !file.IsDirectory, $"{remove.Path} is not a file");
                entries.Remove(remove.Path.Value);
                break;
            case ArchiveSiteAction archive:
                RequireDirectory(archive.ArchiveDir, archive.Chroot);
                var destination = archive.ArchiveDir.Combine($"{archive.Domain.Reverse}-{archived++}").Value;
                var prefix = archive.Chroot.Value + "/";
                foreach (var path in entries.Keys.Where(p => p == archive.Chroot.Value || p.StartsWith(prefix, StringComparison.Ordinal)).ToList())
                {
                    entries[destination + path[archive.Chroot.Value.Length..]] = entries[path];
                    entries.Remove(path);
                }

                break;
            case ConvertSiteFilesAction convert:
                // The model holds no customer uploads; the executor's walk is proven on the host.
                RequireDirectory(convert.Html, convert.Html);
                Require(entries[convert.Html.Value].Group == convert.SiteGroup.Value, $"{convert.Html} is converted before it is in {convert.SiteGroup}");
                break;
            case RemoveSiteGroupAction removeGroup:
                Require(!users.Values.Any(u => u.Groups.Contains(removeGroup.Group.Value)), $"group {removeGroup.Group} still has members");
                Require(groups.Remove(removeGroup.Group.Value), $"group {removeGroup.Group} is missing");
                break;
            case ReloadSshdAction:
                break;
            default:
                throw new ImpossibleStep($"the model does not know {action.GetType().Name}");
        }
    }

    /// <summary>What HostInspector reports for <paramref name="target"/>.</summary>
    public HostSnapshot Observe(HostTarget target, HostProfile profile)
    {
        var names = target.Users.Select(u => u.Name.Value).Concat(manifestUsers)
            .Concat(users.Values.Where(u => u.Groups.Contains(profile.JailGroup.Value)).Select(u => u.Name))
            .ToHashSet(StringComparer.Ordinal);
        var observedUsers = users.Where(u => names.Contains(u.Key)).ToDictionary(u => u.Key, u => u.Value, StringComparer.Ordinal);

        var dirPaths = target.BaseDirectories.Concat(target.SiteDirectories).SelectMany(d => new[] { d.Path, d.Path.Parent ?? d.Path })
            .Concat(manifestSites.Select(s => profile.ChrootFor(SiteDomain.Parse(s))));
        var directories = new Dictionary<string, ObservedDirectory>(StringComparer.Ordinal);
        foreach (var path in dirPaths)
        {
            directories[path.Value] = entries.TryGetValue(path.Value, out var e)
                ? new ObservedDirectory(path, true, e.IsDirectory, e.Owner, e.Group, e.Mode) { Acl = e.IsDirectory ? e.Acl : null }
                : new ObservedDirectory(path, false, false, null, null, 0);
        }

        var keyFiles = entries.TryGetValue(profile.AuthorizedKeysDir.Value, out var keysDir) && keysDir.IsDirectory
            ? entries.Keys.Select(p => AbsolutePath.Parse(p))
                .Where(p => p.Parent == profile.AuthorizedKeysDir && LinuxUserName.TryParse(p.Name, out _, out _))
                .Order()
                .ToList()
            : [];
        var files = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var file in target.Files)
        {
            files[file.Path.Value] = file.CreateOnly ? (entries.ContainsKey(file.Path.Value) ? "<exists>" : null) : Read(file.Path);
        }

        foreach (var path in keyFiles)
        {
            files[path.Value] = Read(path);
        }

        return new HostSnapshot(groups.ToHashSet(StringComparer.Ordinal), observedUsers, directories, files, keyFiles, new ExecutorManifest(manifestSites, manifestUsers))
        {
            GroupMembers = target.SiteGroups.Where(g => groups.Contains(g.Name.Value)).DistinctBy(g => g.Name.Value).ToDictionary(
                g => g.Name.Value, IReadOnlyList<string> (g) => users.Values.Where(u => u.Groups.Contains(g.Name.Value)).Select(u => u.Name).ToList(), StringComparer.Ordinal),
        };
    }

    /// <summary>What ExecutorEngine.ObserveAdmins reports.</summary>
    public AdminObservation ObserveAdmins(DesiredState desired, HostProfile profile)
    {
        var jailed = users.Values.Where(u => u.Groups.Contains(profile.JailGroup.Value)).Select(u => u.Name).Concat(manifestUsers).ToHashSet(StringComparer.Ordinal);
        var observed = desired.Admins.Select(a => a.Name.Value).Concat(createdAdmins)
            .Where(users.ContainsKey)
            .Distinct()
            .ToDictionary(name => name, name => users[name], StringComparer.Ordinal);
        return new AdminObservation(observed, jailed, createdAdmins.Order(StringComparer.Ordinal).ToList(), groups.Contains(profile.AdminGroup.Value));
    }

    // Drift: what a person (or a crash) does to the host between applies.
    public void ChangeMode(string path, int mode)
    {
        if (entries.TryGetValue(path, out var e))
        {
            entries[path] = e with { Mode = mode };
        }
    }

    /// <summary>An html/ as versions before site groups left it: in the web group, no ACL.</summary>
    public void MakeLegacy(string path, string webGroup)
    {
        if (entries.TryGetValue(path, out var e))
        {
            entries[path] = e with { Group = webGroup, Acl = string.Empty };
        }
    }

    public void ChangeOwner(string path, string owner)
    {
        if (entries.TryGetValue(path, out var e))
        {
            entries[path] = e with { Owner = owner };
        }
    }

    public void EditFile(string path, string content)
    {
        if (entries.TryGetValue(path, out var e) && !e.IsDirectory)
        {
            entries[path] = e with { Content = content };
        }
    }

    public void DeleteFile(string path)
    {
        if (entries.TryGetValue(path, out var e) && !e.IsDirectory)
        {
            entries.Remove(path);
        }
    }

    public void PutFile(string path, string content)
    {
        var parsed = AbsolutePath.Parse(path);
        if (entries.TryGetValue(parsed.Parent!.Value, out var parent) && parent.IsDirectory && !entries.ContainsKey(path))
        {
            entries[path] = new Entry(false, "root", "root", 0b110_100_100, content);
        }
    }

    public void ChangeUser(string name, Func<ObservedUser, ObservedUser> change)
    {
        if (users.TryGetValue(name, out var user))
        {
            users[name] = change(user);
        }
    }

    public void DeleteUser(string name) => users.Remove(name);

    public void AddForeignUser(ObservedUser user) => users[user.Name] = user;

    public IEnumerable<string> Paths => entries.Keys;

    private string? Read(AbsolutePath path) => entries.TryGetValue(path.Value, out var e)
        ? e.IsDirectory ? "<Directory where a file belongs>" : e.Content
        : null;

    private static ObservedUser Observed(JailUserTarget target) =>
        new(target.Name.Value, target.Home.Value, target.Shell.Value, target.Groups.Select(g => g.Value).ToList(), target.Expired);

    private void RequireAccount(string owner, string group)
    {
        Require(owner == "root" || users.ContainsKey(owner), $"the owner {owner} does not exist");
        Require(groups.Contains(group), $"the group {group} does not exist");
    }

    private void RequireDirectory(AbsolutePath path, AbsolutePath forWhat) =>
        Require(entries.TryGetValue(path.Value, out var e) && e.IsDirectory, $"{path} is not a directory (needed for {forWhat})");

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ImpossibleStep(problem);
        }
    }
}
