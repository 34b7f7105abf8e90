using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Processes;

namespace SftpJail.Executor.WebServer;

/// <summary>
/// Installs, enables, disables and removes vhosts as one change set: every file and link is written, the web
/// server's checker validates the whole configuration, and only then is it reloaded. When the checker (or the reload)
/// fails, every previous file and link is put back and the checker's message is returned; the running server never
/// sees the candidate. Enabled means a sites-enabled link (sites-available layout) or the file's presence (conf.d).
/// </summary>
public sealed class VhostInstaller
{
    private readonly HostProfile host;
    private readonly WebServerController controller;
    private readonly VhostPaths paths;
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public VhostInstaller(HostProfile host, WebServerController controller, Files.HostFileSystem fileSystem)
    {
        this.host = host;
        this.controller = controller;
        paths = new VhostPaths(fileSystem);
    }

    private WebServerProfile Web => controller.Profile;

    /// <summary>Renders each site from its typed values and applies installs and removals together.</summary>
    public Task<VhostApplyResult> ApplyAsync(IReadOnlyList<VhostSite> sites, IReadOnlyList<SiteDomain> removals, CancellationToken ct = default) =>
        ApplyRenderedAsync(Render(sites), removals, ct);

    private List<VhostFile> Render(IReadOnlyList<VhostSite> sites) =>
        [.. sites.Select(s => new VhostFile(s.Site.Domain, VhostRenderer.Render(s.Site, host, Web, s.Tls), s.Site.Enabled))];

    private List<(AbsolutePath Path, VhostPathState Before, VhostPathState After)> Changes(IReadOnlyList<VhostFile> files, IReadOnlyList<SiteDomain> removals) =>
        [.. files.SelectMany(Targets).Concat(removals.SelectMany(RemovalTargets))
            .Select(t => (t.Path, Before: paths.Read(t.Path, LinkTargetFor(t.Path)), t.After))
            .Where(c => c.Before != c.After)];

    /// <summary>What <see cref="ApplyAsync"/> would change, without changing anything: one step per file or link.</summary>
    public IReadOnlyList<PlanStep> Preview(IReadOnlyList<VhostSite> sites, IReadOnlyList<SiteDomain> removals) =>
        [.. Changes(Render(sites), removals).Select(c => VhostPreview.Describe(c.Path, c.Before, c.After))];

    /// <summary>Removes a site's vhost file and enable link.</summary>
    public Task<VhostApplyResult> RemoveAsync(SiteDomain domain, CancellationToken ct = default) => ApplyRenderedAsync([], [domain], ct);

    /// <summary>The raw-content path: the public one renders first. Tests use it to offer a candidate the checker rejects.</summary>
    internal async Task<VhostApplyResult> ApplyRenderedAsync(IReadOnlyList<VhostFile> files, IReadOnlyList<SiteDomain> removals, CancellationToken ct)
    {
        var domains = files.Select(f => f.Domain).Concat(removals).ToList();
        if (domains.Distinct().Count() != domains.Count)
        {
            throw new ArgumentException("Each domain may appear once in a vhost change set (installed, or removed).");
        }

        await oneAtATime.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            List<(AbsolutePath Path, VhostPathState Before, VhostPathState After)> changes;
            try
            {
                changes = Changes(files, removals);
            }
            catch (Files.UnsafePathException e)
            {
                return VhostApplyResult.Failed(e.Message);
            }

            if (changes.Count == 0)
            {
                return new VhostApplyResult(true, [], null);
            }

            return await ApplyChangesAsync(changes, ct).ConfigureAwait(false);
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<VhostApplyResult> ApplyChangesAsync(List<(AbsolutePath Path, VhostPathState Before, VhostPathState After)> changes, CancellationToken ct)
    {
        var applied = new List<(AbsolutePath Path, VhostPathState Before)>();
        try
        {
            foreach (var (path, before, after) in changes)
            {
                applied.Add((path, before));
                paths.Set(path, after);
            }

            var check = await controller.ValidateAsync(ct).ConfigureAwait(false);
            if (!check.Ok)
            {
                return VhostApplyResult.Failed(await RestoreAsync(applied, $"{Web.Kind} rejected the new configuration; the previous files are back in place. {check.Output}").ConfigureAwait(false));
            }

            try
            {
                await controller.ReloadAsync(ct).ConfigureAwait(false);
            }
            catch (HostCommandException e)
            {
                var message = await RestoreAsync(applied, $"The configuration validated but the reload failed; the previous files are back in place. {e.Message}").ConfigureAwait(false);
                await TryReloadAsync().ConfigureAwait(false);
                return VhostApplyResult.Failed(message);
            }

            return new VhostApplyResult(true, [.. changes.Select(c => c.Path)], null);
        }
        catch (Exception e) when (e is not OperationCanceledException || applied.Count > 0)
        {
            await RestoreAsync(applied, string.Empty).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Puts every changed path back, newest first, and says whether the restored configuration still validates.</summary>
    private async Task<string> RestoreAsync(List<(AbsolutePath Path, VhostPathState Before)> applied, string message)
    {
        for (var i = applied.Count - 1; i >= 0; i--)
        {
            paths.Set(applied[i].Path, applied[i].Before);
        }

        applied.Clear();
        var recheck = await controller.ValidateAsync(CancellationToken.None).ConfigureAwait(false);
        return recheck.Ok ? message : $"{message} The restored configuration does not validate either: {recheck.Output}";
    }

    private async Task TryReloadAsync()
    {
        try
        {
            await controller.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (HostCommandException)
        {
            // The failure already reported is the reload's; the restored files are in place for the next attempt.
        }
    }

    private IEnumerable<(AbsolutePath Path, VhostPathState After)> Targets(VhostFile file)
    {
        var vhost = Web.VhostPathFor(file.Domain);
        if (Web.EnabledLinkFor(file.Domain) is { } link)
        {
            yield return (vhost, VhostPaths.FileWith(file.Content));
            yield return (link, file.Enabled ? new VhostPathState.Link(WebServerProfile.EnabledLinkTarget(file.Domain)) : new VhostPathState.Missing());
        }
        else
        {
            yield return (vhost, file.Enabled ? VhostPaths.FileWith(file.Content) : new VhostPathState.Missing());
        }
    }

    private IEnumerable<(AbsolutePath Path, VhostPathState After)> RemovalTargets(SiteDomain domain)
    {
        if (Web.EnabledLinkFor(domain) is { } link)
        {
            yield return (link, new VhostPathState.Missing());
        }

        yield return (Web.VhostPathFor(domain), new VhostPathState.Missing());
    }

    private string? LinkTargetFor(AbsolutePath path) =>
        Web.EnabledDir is { } enabled && path.Parent == enabled
            ? "../sites-available/" + path.Name
            : null;
}
