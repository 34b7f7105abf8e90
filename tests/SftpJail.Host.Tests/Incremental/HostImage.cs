using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Incremental;

/// <summary>
/// What a jail looks like from outside, with the host's own names taken out so two hosts can be compared: every entry
/// under the jail root and the key directory (kind, owner, group, mode, the bytes of each file), the ACLs of the jail,
/// the drop-in, and each of the host's accounts (home, shell, groups, expiry, whether a password is set and locked).
/// </summary>
public static class HostImage
{
    public static async Task<IReadOnlyList<string>> TakeAsync(JailHost host)
    {
        var lines = new List<string>();
        foreach (var root in new[] { host.JailRoot, host.Profile.AuthorizedKeysDir.Value })
        {
            if (!Directory.Exists(root))
            {
                continue;
            }

            var listing = await RunAsync("find", [root, "-printf", @"%p\t%y %u %g %m\n"]);
            foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var path = line.Split('\t')[0];
                var content = line.Split('\t')[1].StartsWith('f') ? "\t" + await File.ReadAllTextAsync(path) : string.Empty;
                lines.Add("entry " + line + content.ReplaceLineEndings("\\n"));
            }
        }

        if (Directory.Exists(host.JailRoot))
        {
            var acls = await RunAsync("getfacl", ["-R", "-P", "-p", host.JailRoot]);
            lines.AddRange(acls.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "acl " + l));
        }

        lines.Add("drop-in " + (File.Exists(host.DropInPath) ? await File.ReadAllTextAsync(host.DropInPath) : "(none)").ReplaceLineEndings("\\n"));
        lines.AddRange(await AccountsAsync(host));
        return [.. lines.Select(l => Normalize(host, l)).Order(StringComparer.Ordinal)];
    }

    /// <summary>The lines only one of the images has, marked with the image they come from.</summary>
    public static IReadOnlyList<string> Differences(IReadOnlyList<string> left, IReadOnlyList<string> right) =>
        [.. left.Except(right).Select(l => "incremental only: " + l), .. right.Except(left).Select(l => "full only: " + l)];

    private static async Task<IEnumerable<string>> AccountsAsync(JailHost host)
    {
        var prefix = host.UserName(string.Empty);
        var groups = (await File.ReadAllLinesAsync("/etc/group")).Select(l => l.Split(':')).Where(f => f.Length >= 4).ToList();
        var groupName = groups.GroupBy(f => f[2]).ToDictionary(g => g.Key, g => g.First()[0]);
        var shadow = (await File.ReadAllLinesAsync("/etc/shadow")).Select(l => l.Split(':')).Where(f => f.Length >= 8).ToDictionary(f => f[0], f => f);
        var lines = new List<string>();
        foreach (var user in (await File.ReadAllLinesAsync("/etc/passwd")).Select(l => l.Split(':')).Where(f => f.Length >= 7 && f[0].StartsWith(prefix, StringComparison.Ordinal)))
        {
            var member = groups.Where(g => g[3].Split(',').Contains(user[0])).Select(g => g[0]).Order(StringComparer.Ordinal);
            var secret = shadow.GetValueOrDefault(user[0]);
            var password = secret is null ? "no shadow" : $"locked={secret[1].StartsWith('!')} set={secret[1].TrimStart('!').Length > 1} expire={secret[7]}";
            lines.Add($"account {user[0]} primary={groupName.GetValueOrDefault(user[3], "#" + user[3])} home={user[5]} shell={user[6]} groups={string.Join(',', member)} {password}");
        }

        lines.AddRange(groups.Where(g => g[0].StartsWith(prefix, StringComparison.Ordinal)).Select(g => $"group {g[0]} members={string.Join(',', g[3].Split(',').Order(StringComparer.Ordinal))}"));
        return lines;
    }

    private static string Normalize(JailHost host, string line) =>
        line.Replace(host.BaseDir, "BASE", StringComparison.Ordinal).Replace(host.Id, "ID", StringComparison.Ordinal);

    private static async Task<string> RunAsync(string file, IReadOnlyList<string> args)
    {
        var output = await HostCommand.RunAsync(file, args);
        return output.ExitCode == 0 ? output.StandardOutput : throw new InvalidOperationException($"{file} failed: {output.All}");
    }
}
