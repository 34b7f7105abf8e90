namespace SftpJail.Core.Planning;

/// <summary>
/// A target may demand only one thing of each path: one owner and mode for a directory, one content for a file,
/// never a file where a directory must be, and one account per name. Anything else would be applied back and forth.
/// </summary>
internal static class TargetConflicts
{
    public static void Refuse(HostTarget target)
    {
        var directories = new Dictionary<string, DirectoryTarget>(StringComparer.Ordinal);
        foreach (var dir in target.BaseDirectories.Concat(target.SiteDirectories))
        {
            if (directories.TryGetValue(dir.Path.Value, out var first) && !DirectoryRoles.SameDemand(first, dir))
            {
                throw new PlanRefusedException(
                    $"{dir.Path} is both {first.Purpose} ({DirectoryRoles.Demand(first)}) and {dir.Purpose} ({DirectoryRoles.Demand(dir)}); " +
                    "one directory cannot have two owners or modes. Change the host settings so they use different directories.");
            }

            directories.TryAdd(dir.Path.Value, dir);
        }

        var files = new Dictionary<string, ManagedFile>(StringComparer.Ordinal);
        foreach (var file in target.Files)
        {
            if (directories.TryGetValue(file.Path.Value, out var dir))
            {
                throw new PlanRefusedException($"{file.Path} is wanted as {file.Purpose} (a file) and as {dir.Purpose} (a directory).");
            }

            if (files.TryGetValue(file.Path.Value, out var first) && !SameDemand(first, file))
            {
                throw new PlanRefusedException($"{file.Path} is wanted as {first.Purpose} and as {file.Purpose}, with different contents or modes.");
            }

            files.TryAdd(file.Path.Value, file);
        }

        foreach (var path in directories.Values.Select(d => (d.Path, d.Purpose)).Concat(files.Values.Select(f => (f.Path, f.Purpose))))
        {
            for (var parent = path.Path.Parent; parent is not null; parent = parent.Parent)
            {
                if (files.TryGetValue(parent.Value, out var file))
                {
                    throw new PlanRefusedException($"{path.Path} ({path.Purpose}) would be inside {file.Path}, which is {file.Purpose} (a file).");
                }
            }
        }

        // Site directories are made after the accounts that own them, base directories before: none can hold the other.
        var siteDirs = target.SiteDirectories.Select(d => d.Path.Value).ToHashSet(StringComparer.Ordinal);
        foreach (var dir in target.BaseDirectories.Where(d => !siteDirs.Contains(d.Path.Value)))
        {
            for (var parent = dir.Path.Parent; parent is not null; parent = parent.Parent)
            {
                if (siteDirs.Contains(parent.Value))
                {
                    throw new PlanRefusedException($"{dir.Path} ({dir.Purpose}) would be inside {directories[parent.Value].Purpose} ({parent}).");
                }
            }
        }

        var users = new Dictionary<string, JailUserTarget>(StringComparer.Ordinal);
        foreach (var user in target.Users)
        {
            if (users.TryGetValue(user.Name.Value, out var first) && (first.Site != user.Site || first.Home != user.Home))
            {
                throw new PlanRefusedException($"The account {user.Name} is wanted for two sites, {first.Site} and {user.Site}.");
            }

            users.TryAdd(user.Name.Value, user);
        }
    }

    private static bool SameDemand(ManagedFile a, ManagedFile b) =>
        a.Content == b.Content && a.Owner == b.Owner && a.Group == b.Group && a.Mode == b.Mode && a.CreateOnly == b.CreateOnly && a.Role == b.Role;
}
