using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Accounts;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// Reconcile's report of what looks like SftpJail's on the host but that no manifest lists: members of the jail group,
/// directories in the jail root, vhost files with SftpJail's header, and an apply that was interrupted. Each is
/// something an apply will not touch (it changes only what the manifest lists), so a person must look at it. Read-only.
/// </summary>
internal sealed class UnmanagedEntries(HostProfile profile, HostFileSystem files, WebServerProfile? web = null, string etcDir = "/etc")
{
    public const int MaxReported = 200;

    public IReadOnlyList<PlanStep> Find(ManifestSession manifest, IEnumerable<SiteDomain> desiredSites, ApplyIntent? pendingIntent)
    {
        var steps = new List<PlanStep>();
        if (pendingIntent is not null)
        {
            steps.Add(new PlanStep(PlanStepKind.WriteFile, profile.StateDir.Combine("intent.json").Value,
                $"an apply started {pendingIntent.Started:u} has not finished (it is running, or it was interrupted: the next apply adopts what it created)"));
        }

        var sites = manifest.Sites.Concat(desiredSites.Select(s => s.Value)).ToHashSet(StringComparer.Ordinal);
        foreach (var member in AccountDatabase.Load(etcDir).UsersInGroup(profile.JailGroup.Value).Where(u => !manifest.HasUser(u.Name)).Take(MaxReported))
        {
            steps.Add(new PlanStep(PlanStepKind.UpdateUser, member.Name,
                $"in the jail group {profile.JailGroup} (uid {member.Uid}, home {member.Home}) but not an account SftpJail manages: remove it or make it a site's user"));
        }

        var chroots = sites.Select(s => SiteDomain.TryParse(s, out var d, out _) ? profile.ChrootFor(d).Value : null).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var entry in Entries(profile.JailRoot).Where(path => !chroots.Contains(path.Value)).Take(MaxReported))
        {
            steps.Add(new PlanStep(PlanStepKind.FixDirectory, entry.Value, "in the jail root but not the chroot of a site SftpJail manages: archive or remove it by hand"));
        }

        if (web is { IsManaged: true })
        {
            var vhosts = sites.Select(s => WebServerProfile.VhostFileName(SiteDomain.Parse(s))).ToHashSet(StringComparer.Ordinal);
            var dirs = web.EnabledDir is { } enabled ? new[] { web.SitesDir, enabled } : [web.SitesDir];
            foreach (var path in dirs.SelectMany(Entries).Where(p => p.Name.EndsWith(".conf", StringComparison.Ordinal) && !vhosts.Contains(p.Name) && WrittenBySftpJail(p)).Take(MaxReported))
            {
                steps.Add(new PlanStep(PlanStepKind.RemoveFile, path.Value, "a vhost SftpJail wrote for a site it no longer manages: it is still served; remove it by hand"));
            }
        }

        return steps;
    }

    private IEnumerable<AbsolutePath> Entries(AbsolutePath directory) =>
        files.Inspect(directory).Kind != FileKind.Directory
            ? []
            : Directory.EnumerateFileSystemEntries(directory.Value)
                .Select(Path.GetFileName)
                .Where(name => !string.IsNullOrEmpty(name) && !name.StartsWith('.'))
                .Select(name => directory.Combine(name!))
                .Order();

    /// <summary>A link in sites-enabled counts when it names a file there; a file when it starts with the managed header.</summary>
    private bool WrittenBySftpJail(AbsolutePath path)
    {
        var entry = files.Inspect(path);
        if (entry.Kind == FileKind.Symlink)
        {
            return (new FileInfo(path.Value).LinkTarget ?? string.Empty).StartsWith("../sites-available/", StringComparison.Ordinal);
        }

        return entry.Kind == FileKind.RegularFile && entry.Size < 1 << 20
            && (files.ReadTextNoFollow(path) ?? string.Empty).StartsWith(Core.Rendering.WebServer.VhostRenderer.ManagedHeader, StringComparison.Ordinal);
    }
}
