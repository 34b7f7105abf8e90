using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Executor;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Apply.FaultInjection;

/// <summary>A customer's file in a site's html/ that no fault may lose: it is in the site, or (site removed) in exactly one archive.</summary>
internal sealed record Upload(string Domain, string FileName, string Content);

/// <summary>
/// Proves a host has converged to a desired state after a fault and a recovery: a further apply changes nothing,
/// reconcile finds no drift, and the host holds exactly the accounts, chroots and vhosts the state names (every one of
/// them in the manifest), no unfinished intent, and every upload.
/// </summary>
/// <param name="domains">Every site the test ever adds: none may leave an archive it does not need.</param>
internal sealed class ConvergenceCheck(JailHost host, IReadOnlyList<string> domains)
{
    /// <summary>A new engine over the same host: what a restarted executor process would be.</summary>
    public ExecutorEngine NewEngine() => ExecutorEngine.Create(host.Profile, host.Web, NullLoggerFactory.Instance);

    public async Task AssertConvergedAsync(DesiredStateDto state, IReadOnlyList<Upload> uploads, string context)
    {
        var engine = NewEngine();
        var again = await engine.ApplyAsync(state, []);
        Assert.True(again.Succeeded, $"{context}: the apply after recovery failed: {again.Error}");
        Assert.True(again.Applied.Count == 0, $"{context}: a further apply still changed: {string.Join(" | ", again.Applied)}");
        var reconcile = await engine.ReconcileAsync(state);
        Assert.True(reconcile.InSync, $"{context}: reconcile is not clean: {reconcile.Error} {string.Join(" | ", reconcile.Drift)}");

        var users = state.Sites.SelectMany(s => s.Users).ToList();
        var expectedUsers = users.Select(u => u.Name).Order(StringComparer.Ordinal).ToList();
        var prefix = host.UserName(string.Empty);
        var onHost = (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')[0]).Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedUsers.SequenceEqual(onHost), $"{context}: accounts on the host [{string.Join(',', onHost)}], wanted [{string.Join(',', expectedUsers)}]");
        var manifest = ReadManifest();
        Assert.True(expectedUsers.SequenceEqual(manifest.Users.Where(u => u.StartsWith(prefix, StringComparison.Ordinal))), $"{context}: manifest users [{string.Join(',', manifest.Users)}]");
        Assert.True(expectedUsers.SequenceEqual(JailGroupMembers()), $"{context}: jail group members [{string.Join(',', JailGroupMembers())}]");
        Assert.False(File.Exists(Path.Combine(host.Profile.StateDir.Value, "intent.json")), $"{context}: an intent record is left");

        var expectedChroots = state.Sites.Select(s => SiteDomain.Parse(s.Domain).Reverse).Order(StringComparer.Ordinal).ToList();
        var chroots = Directory.EnumerateFileSystemEntries(host.JailRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.True(expectedChroots.SequenceEqual(chroots!), $"{context}: jail root holds [{string.Join(',', chroots)}]");
        Assert.True(state.Sites.Select(s => s.Domain).Order(StringComparer.Ordinal).SequenceEqual(manifest.Sites), $"{context}: manifest sites [{string.Join(',', manifest.Sites)}]");
        if (host.Web is { } web)
        {
            var vhosts = Directory.EnumerateFiles(web.SitesDir.Value).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            var expectedVhosts = state.Sites.Where(s => s.Enabled).Select(s => s.Domain + ".conf").Order(StringComparer.Ordinal).ToList();
            Assert.True(expectedVhosts.SequenceEqual(vhosts!), $"{context}: vhosts [{string.Join(',', vhosts)}]");
        }

        foreach (var user in users)
        {
            var expire = (await HostCommand.RunAsync("getent", ["shadow", user.Name])).StandardOutput.Trim().Split(':')[7];
            Assert.True(user.Disabled ? expire == "1" : expire.Length == 0, $"{context}: {user.Name} has expiry '{expire}' (disabled: {user.Disabled})");
        }

        foreach (var upload in uploads)
        {
            AssertUploadKept(upload, state.Sites.Any(s => s.Domain == upload.Domain), context);
        }

        // Nothing left behind in the archive: a wanted site has none, a removed one exactly the one holding its upload.
        foreach (var domain in domains)
        {
            var archives = ArchivesOf(domain);
            var expected = state.Sites.Any(s => s.Domain == domain) || !uploads.Any(u => u.Domain == domain) ? 0 : 1;
            Assert.True(archives.Count == expected, $"{context}: {archives.Count} archive(s) of {domain}, expected {expected}: {string.Join(',', archives)}");
        }
    }

    private List<string> ArchivesOf(string domain) =>
        Directory.Exists(host.Profile.ArchiveDir.Value)
            ? [.. Directory.EnumerateDirectories(host.Profile.ArchiveDir.Value, SiteDomain.Parse(domain).Reverse + "-*")]
            : [];

    /// <summary>Right after a faulted apply: an account it created can log in only once its apply finished.</summary>
    public static async Task AssertLockedIfPresentAsync(string user, string context)
    {
        var shadow = (await HostCommand.RunAsync("getent", ["shadow", user])).StandardOutput.Trim();
        if (shadow.Length > 0)
        {
            Assert.True(shadow.Split(':')[7] == "1", $"{context}: {user} exists after the fault and is not locked: {shadow.Split(':')[7]}");
        }
    }

    public void AssertUploadKept(Upload upload, bool siteWanted, string context)
    {
        var reverse = SiteDomain.Parse(upload.Domain).Reverse;
        var live = Path.Combine(host.JailRoot, reverse, "html", upload.FileName);
        var archive = host.Profile.ArchiveDir.Value;
        var archived = Directory.Exists(archive)
            ? Directory.EnumerateDirectories(archive, reverse + "-*").Select(d => Path.Combine(d, "html", upload.FileName)).Where(File.Exists).ToList()
            : [];
        if (siteWanted)
        {
            Assert.True(File.Exists(live) && File.ReadAllText(live) == upload.Content, $"{context}: the upload {upload.FileName} is not in its site (archived copies: {archived.Count})");
            Assert.True(archived.Count == 0, $"{context}: a copy of {upload.FileName} is still in the archive: {string.Join(',', archived)}");
        }
        else
        {
            Assert.True(archived.Count == 1 && File.ReadAllText(archived[0]) == upload.Content, $"{context}: the removed site's upload {upload.FileName} is in {archived.Count} archive(s)");
        }
    }

    public (List<string> Users, List<string> Sites) ReadManifest()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(host.Profile.ManifestPath.Value));
        return (
            json.RootElement.GetProperty("Users").EnumerateArray().Select(u => u.GetString()!).ToList(),
            json.RootElement.GetProperty("Sites").EnumerateArray().Select(u => u.GetString()!).ToList());
    }

    private List<string> JailGroupMembers()
    {
        var line = File.ReadAllLines("/etc/group").FirstOrDefault(l => l.StartsWith(host.Profile.JailGroup.Value + ":", StringComparison.Ordinal));
        return line is null ? [] : line.Split(':')[3].Split(',', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).ToList();
    }
}
