using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Apply;

/// <summary>
/// A removed site whose chroot holds nothing but what SftpJail made — html/ with, at most, its untouched placeholder
/// page, and the log relay's dev/ with only its socket — is deleted rather than archived: there is no customer file to keep, and an archive of nothing would later be
/// "restored" in place of a real one. This is what an add that was interrupted and then rolled back leaves.
/// </summary>
internal sealed class EmptySites(HostFileSystem files)
{
    private const string Html = "html";
    private const string Placeholder = "index.html";

    public bool IsEmpty(SiteDomain domain, AbsolutePath chroot)
    {
        if (files.Inspect(chroot).Kind != FileKind.Directory)
        {
            return false;
        }

        var top = Names(chroot);
        if (top.Contains(RelayDevEntries.DevName) && RelayDevEntries.For(files, chroot).HoldsOnlyRelay(chroot))
        {
            top.Remove(RelayDevEntries.DevName);
        }

        if (top.Count == 0)
        {
            return true;
        }

        var html = chroot.Combine(Html);
        if (top is not [Html] || files.Inspect(html).Kind != FileKind.Directory)
        {
            return false;
        }

        var inside = Names(html);
        return inside.Count == 0 || (inside is [Placeholder] && IsUntouchedPlaceholder(domain, html.Combine(Placeholder)));
    }

    public HostPlan RemoveInsteadOfArchiving(HostPlan plan) =>
        plan.Actions.OfType<ArchiveSiteAction>().Any(a => IsEmpty(a.Domain, a.Chroot))
            ? new HostPlan([.. plan.Actions.Select(a => a is ArchiveSiteAction archive && IsEmpty(archive.Domain, archive.Chroot) ? new RemoveEmptySiteAction(archive) : a)])
            : plan;

    /// <summary>Checked again when it runs; false (something appeared in the meantime) means archive it after all.</summary>
    public bool TryRemove(SiteDomain domain, AbsolutePath chroot)
    {
        if (!IsEmpty(domain, chroot))
        {
            return false;
        }

        if (RelayDevEntries.For(files, chroot).Remove(chroot) is not null)
        {
            return false;
        }

        var html = chroot.Combine(Html);
        if (files.Inspect(html).Kind == FileKind.Directory)
        {
            files.RemoveFile(html.Combine(Placeholder));
            files.RemoveEmptyDirectory(html);
        }

        files.RemoveEmptyDirectory(chroot);
        return true;
    }

    private bool IsUntouchedPlaceholder(SiteDomain domain, AbsolutePath page)
    {
        var entry = files.Inspect(page);
        return entry.Kind == FileKind.RegularFile && entry.Size < 64 * 1024 && files.ReadTextNoFollow(page) == PlaceholderPageRenderer.Render(domain);
    }

    private static List<string> Names(AbsolutePath directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory.Value).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}

/// <summary>The archive step of a site with nothing in it: delete the empty chroot (or archive it, if something appeared since the plan).</summary>
internal sealed record RemoveEmptySiteAction(ArchiveSiteAction Archive) : HostAction
{
    public override PlanStep Describe() => new(PlanStepKind.ArchiveDirectory, Archive.Chroot.Value, "remove the removed site's chroot: it holds nothing but the placeholder page, so there is nothing to archive");
}
