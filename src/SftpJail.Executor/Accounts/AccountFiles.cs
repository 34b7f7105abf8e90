using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// The four account files as read under <see cref="AccountFileLock"/>, and their replacement: each written to a new
/// sibling with the owner and mode the file has now (passwd 0644 root:root, shadow 0640 root:shadow on Debian), synced
/// and renamed over it (<see cref="AtomicFileWriter"/>). Only these four names in the one directory are ever written.
/// </summary>
internal sealed class AccountFiles
{
    private readonly AbsolutePath etc;

    private AccountFiles(AbsolutePath etc, string passwd, string shadow, string group, string? gshadow)
    {
        this.etc = etc;
        Passwd = passwd;
        Shadow = shadow;
        Group = group;
        GShadow = gshadow;
    }

    public string Passwd { get; }

    public string Shadow { get; }

    public string Group { get; }

    /// <summary>Null on a host without gshadow (useradd then keeps none either).</summary>
    public string? GShadow { get; }

    public static AccountFiles Read(string etcDir)
    {
        var etc = AbsolutePath.Parse(Path.GetFullPath(etcDir));
        var files = new HostFileSystem([etc]);
        string Required(string name) => files.ReadTextNoFollow(etc.Combine(name)) ?? throw new FileNotFoundException($"{etc.Combine(name)} does not exist or is not a regular file.");
        return new AccountFiles(etc, Required("passwd"), Required("shadow"), Required("group"), files.ReadTextNoFollow(etc.Combine("gshadow")));
    }

    public Replacer Writer() => new(etc);

    /// <summary>The same files with other shadow, group and gshadow contents (passwd as read).</summary>
    public AccountFiles With(string shadow, string group, string? gshadow) => new(etc, Passwd, shadow, group, gshadow);

    internal sealed class Replacer(AbsolutePath etc)
    {
        private readonly HostFileSystem files = new([etc]);

        /// <param name="before">The content read under the lock; the file is refused if it is no longer a plain file of its own.</param>
        public void Replace(string name, string before, string after)
        {
            if (before == after)
            {
                return;
            }

            var path = etc.Combine(name);
            if (!Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat) || !stat.IsRegularFile)
            {
                throw new UnsafePathException(path, "it is not a regular file; the account files are only replaced as such.");
            }

            new AtomicFileWriter(files).Write(path, after, stat.Permissions, stat.Uid, stat.Gid);
        }
    }
}
