using System.Text.RegularExpressions;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// The archived chroots of removed sites (<c>&lt;reversed domain&gt;-&lt;UTC time&gt;</c> in the archive directory). A plan
/// that would create a wanted site's chroot from nothing restores the newest archive of it instead: a removal that was
/// interrupted and rolled back, or a site removed and added again, gets its customer's files back. The placeholder
/// page is not written into a restored site, and its directories are only given the owner and mode the target says.
/// </summary>
internal sealed partial class ArchivedSites(HostProfile profile, HostFileSystem files, string etcDir = "/etc")
{
    /// <summary>The newest archive of <paramref name="domain"/>, or null.</summary>
    public AbsolutePath? Newest(SiteDomain domain)
    {
        if (files.Inspect(profile.ArchiveDir).Kind != FileKind.Directory)
        {
            return null;
        }

        var prefix = domain.Reverse + "-";
        return Directory.EnumerateFileSystemEntries(profile.ArchiveDir.Value)
            .Select(Path.GetFileName)
            .Where(name => name is not null && name.StartsWith(prefix, StringComparison.Ordinal) && Stamp().IsMatch(name[prefix.Length..]))
            .Select(name => profile.ArchiveDir.Combine(name!))
            .Where(path => files.Inspect(path).Kind == FileKind.Directory)
            .OrderByDescending(path => path.Value, StringComparer.Ordinal)
            .FirstOrDefault();
    }

    public HostPlan RestoreInto(HostPlan plan, IEnumerable<SiteDomain> desiredSites)
    {
        var restores = new Dictionary<string, (SiteDomain Domain, AbsolutePath Archive)>(StringComparer.Ordinal);
        var created = plan.Actions.OfType<EnsureDirectoryAction>().Where(a => !a.Observed.Exists).Select(a => a.Target.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var site in desiredSites)
        {
            if (created.Contains(profile.ChrootFor(site).Value) && Newest(site) is { } archive)
            {
                restores[profile.ChrootFor(site).Value] = (site, archive);
            }
        }

        if (restores.Count == 0)
        {
            return plan;
        }

        var uploadDirs = restores.Values.ToDictionary(r => profile.UploadDirFor(r.Domain).Value, r => r.Archive.Combine("html"), StringComparer.Ordinal);
        var names = AccountDatabase.Load(etcDir);
        var actions = new List<HostAction>();
        foreach (var action in plan.Actions)
        {
            switch (action)
            {
                case EnsureDirectoryAction chroot when restores.TryGetValue(chroot.Target.Path.Value, out var restore):
                    actions.Add(new RestoreSiteAction(restore.Domain, restore.Archive, chroot.Target.Path));
                    actions.Add(chroot with { Observed = Observe(chroot.Target.Path, restore.Archive, names) });
                    break;
                case EnsureDirectoryAction html when uploadDirs.TryGetValue(html.Target.Path.Value, out var archived):
                    var observed = Observe(html.Target.Path, archived, names);
                    if (!observed.Exists || observed.Owner != html.Target.Owner || observed.Group != html.Target.Group || observed.Mode != html.Target.Mode)
                    {
                        actions.Add(html with { Observed = observed });
                    }

                    break;
                case WriteFileAction { File.CreateOnly: true } placeholder when uploadDirs.ContainsKey(placeholder.File.Path.Parent!.Value):
                    // The restored html/ is the customer's: whatever index.html it has (or not) stays as it is.
                    break;
                default:
                    actions.Add(action);
                    break;
            }
        }

        return new HostPlan(actions);
    }

    /// <summary>What the directory will be once the archive is back: the archived one's owner and mode, at its live path.</summary>
    private ObservedDirectory Observe(AbsolutePath livePath, AbsolutePath archived, AccountDatabase names)
    {
        var entry = files.Inspect(archived);
        return entry.Kind == FileKind.Missing
            ? new ObservedDirectory(livePath, false, false, null, null, 0)
            : new ObservedDirectory(
                livePath,
                true,
                entry.Kind == FileKind.Directory,
                names.Users.FirstOrDefault(u => u.Uid == entry.Uid)?.Name ?? $"#{entry.Uid}",
                names.FindGroup(entry.Gid)?.Name ?? $"#{entry.Gid}",
                entry.Mode);
    }

    [GeneratedRegex("^[0-9]{8}T[0-9]{6}Z$", RegexOptions.CultureInvariant)]
    private static partial Regex Stamp();
}
