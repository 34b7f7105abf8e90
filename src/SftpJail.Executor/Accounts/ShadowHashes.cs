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

    private static bool IsRestorable(string hash) => hash.Length > 0 && hash[0] is not '!' and not '*';
}
