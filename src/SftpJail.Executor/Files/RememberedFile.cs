using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Files;

/// <summary>
/// What one state file parsed to, kept in memory while the file on disk keeps its inode, size and status-change time:
/// one statx instead of reading and parsing megabytes of JSON on every apply at 10,000 sites. Any rewrite (through a
/// rename or in place), replacement or removal of the file changes one of these, and the next read parses it again.
/// Only for files the executor itself writes in its root-only state directory, always through a rename (a new inode):
/// an in-place rewrite of the same size within one tick of the kernel's file clock would go unseen, and is never made.
/// </summary>
internal sealed class RememberedFile<T>(AbsolutePath path)
    where T : class
{
    // One reference, replaced whole: a reader on another thread sees an old or a new pair, never half of each.
    private volatile Known? remembered;

    /// <summary>The remembered value while the file is unchanged; otherwise what <paramref name="read"/> makes of it now.</summary>
    public T? Read(Func<T?> read)
    {
        var before = FileIdentity.Of(path);
        if (before is null)
        {
            remembered = null;
            return read();
        }

        if (remembered is { } known && known.File == before.Value)
        {
            return known.Value;
        }

        remembered = null;
        var value = read();

        // Remembered only when the file did not change while it was read.
        remembered = value is not null && FileIdentity.Of(path) == before ? new Known(before.Value, value) : null;
        return value;
    }

    /// <summary>The remembered value while the file is unchanged, without reading it otherwise.</summary>
    public T? Peek() => remembered is { } known && FileIdentity.Of(path) == known.File ? known.Value : null;

    /// <summary>After the caller wrote <paramref name="value"/> to the file (or found it already there).</summary>
    public void Wrote(T value) => remembered = FileIdentity.Of(path) is { } written ? new Known(written, value) : null;

    public void Forget() => remembered = null;

    private sealed record Known(FileIdentity File, T Value);

    private readonly record struct FileIdentity(ulong Inode, ulong Size, long ChangeSeconds, uint ChangeNanoseconds)
    {
        public static FileIdentity? Of(AbsolutePath path) =>
            Posix.TryStatNoFollow(null, path.Value, path.Value, out var stat) && stat.IsRegularFile
                ? new FileIdentity(stat.Inode, stat.Size, stat.ChangeSeconds, stat.ChangeNanoseconds)
                : null;
    }
}
