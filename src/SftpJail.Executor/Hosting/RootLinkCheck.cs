using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Hosting;

/// <summary>
/// Refuses configured directories that are, or lie below, a symbolic link. The executor opens a root's ancestry
/// normally (it is the administrator's), so a link there would silently move every change it makes (a link
/// /srv/sites → /etc turns the jail root into /etc, past every system-directory rule). Checked once at start-up with
/// lstat on each existing component; a missing component ends the walk (the planner makes what is missing, with
/// no-follow opens).
/// </summary>
public static class RootLinkCheck
{
    /// <summary>Why a role's directory cannot be used, naming its setting; null when no component is a link.</summary>
    public static string? Find(IEnumerable<DirectoryRole> roles, Func<AbsolutePath, FileKind> kindOf)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(kindOf);
        foreach (var role in roles)
        {
            foreach (var component in Components(role.Target.Path))
            {
                var kind = kindOf(component);
                if (kind == FileKind.Missing)
                {
                    break;
                }

                if (kind == FileKind.Symlink)
                {
                    var where = component == role.Target.Path ? "is a symbolic link" : $"lies below the symbolic link {component}";
                    return $"{role.Setting} ({role.Target.Path}) {where}. SftpJail never follows links to its directories (a link could point it " +
                           "at a system directory); set the real path of a directory of its own.";
                }
            }
        }

        return null;
    }

    /// <summary>lstat through the executor's file system, which never follows the last component.</summary>
    public static string? Find(IEnumerable<DirectoryRole> roles)
    {
        var files = new HostFileSystem([]);
        return Find(roles, path => files.Inspect(path).Kind);
    }

    private static IEnumerable<AbsolutePath> Components(AbsolutePath path)
    {
        var chain = new Stack<AbsolutePath>();
        for (var p = path; p.Parent is not null; p = p.Parent)
        {
            chain.Push(p);
        }

        return chain;
    }
}
