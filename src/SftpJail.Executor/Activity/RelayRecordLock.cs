using SftpJail.Core.Values;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Activity;

/// <summary>
/// An exclusive flock on the relay's state directory (<see cref="DirectoryFlock"/>), held by whoever reads and rewrites
/// the ownership record (<see cref="RelayDevEntries"/>): the executor's relay syncing and an apply in another process
/// (the CLI's repair, a second executor) removing a site's <c>dev/</c> would otherwise each rewrite the record from what
/// they read before and lose the other's change. The same process taking it twice waits on itself, which
/// <see cref="RelayDevEntries"/> avoids by holding one per instance.
/// </summary>
internal static class RelayRecordLock
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static FileDescriptor Take(AbsolutePath directory, TimeSpan? timeout = null)
        => DirectoryFlock.Take(directory, "the relay's record (a sync or an apply holds it)", timeout ?? DefaultTimeout);
}
