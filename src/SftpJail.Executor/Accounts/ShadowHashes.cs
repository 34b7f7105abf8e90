namespace SftpJail.Executor.Accounts;

/// <summary>
/// Reads password hashes from the local shadow file, for the managed users only, so a recreated account can get its
/// hash back. Kept apart from <see cref="AccountDatabase"/> so that hashes never ride along in objects that are logged.
/// </summary>
internal static class ShadowHashes
{
    /// <summary>The usable hash of each of <paramref name="names"/> that has one (no locked "!…", no "*", no empty field).</summary>
    public static IReadOnlyDictionary<string, string> Read(string etcDir, IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var path = Path.Combine(etcDir, "shadow");
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (wanted.Count == 0 || !File.Exists(path))
        {
            return hashes;
        }

        foreach (var line in File.ReadAllLines(path))
        {
            var fields = line.Split(':');
            if (fields.Length >= 2 && wanted.Contains(fields[0]) && IsRestorable(fields[1]))
            {
                hashes.TryAdd(fields[0], fields[1]);
            }
        }

        return hashes;
    }

    /// <summary>
    /// Which of <paramref name="names"/> have the bare "!" useradd leaves when no password is given ("!!" on RHEL):
    /// locked, which with <c>UsePAM no</c> makes sshd refuse their keys too. Earlier versions created accounts so.
    /// </summary>
    public static IReadOnlyList<string> LockedWithoutPassword(string etcDir, IEnumerable<string> names)
    {
        var wanted = names.ToHashSet(StringComparer.Ordinal);
        var path = Path.Combine(etcDir, "shadow");
        if (wanted.Count == 0 || !File.Exists(path))
        {
            return [];
        }

        return File.ReadAllLines(path)
            .Select(line => line.Split(':'))
            .Where(fields => fields.Length >= 2 && wanted.Contains(fields[0]) && fields[1] is "!" or "!!")
            .Select(fields => fields[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static bool IsRestorable(string hash) => hash.Length > 0 && hash[0] is not '!' and not '*';
}
