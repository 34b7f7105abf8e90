using System.Collections.Concurrent;

namespace SftpJail.Data.Storage;

/// <summary>
/// Proof that the process that committed a pending change is still waiting for its answer: a lock file next to the
/// database, <c>flock</c>ed by its owner from before the change is committed until it is settled. A process that dies
/// drops the lock with it, so <see cref="IsAlive"/> tells a crashed change from a slow one without any timeout. An
/// in-memory database lives in one process only, so there a name in this process stands for the lock.
/// </summary>
public sealed class ChangeOwner : IDisposable
{
    private const string MemoryPrefix = "memory:";
    private static readonly ConcurrentDictionary<string, byte> LiveInMemory = new(StringComparer.Ordinal);

    private readonly LockFile? held;
    private int disposed;

    private ChangeOwner(string name, LockFile? held) => (Name, this.held) = (name, held);

    /// <summary>What the pending change records as its owner.</summary>
    public string Name { get; }

    public static ChangeOwner Take(string? connectionString)
    {
        var (file, _) = ChangeQueue.Database(connectionString);
        if (file is null)
        {
            var name = MemoryPrefix + Guid.NewGuid().ToString("N");
            LiveInMemory[name] = 0;
            return new ChangeOwner(name, null);
        }

        var path = $"{file}.queue.owner-{Guid.NewGuid():N}";
        var lockFile = LockFile.CreateNew(path);
        if (!lockFile.TryExclusive())
        {
            lockFile.Dispose();
            throw new IOException($"Cannot lock {path}.");
        }

        return new ChangeOwner(path, lockFile);
    }

    /// <summary>Whether the owner named <paramref name="name"/> still holds its lock.</summary>
    public static bool IsAlive(string name)
    {
        if (name.StartsWith(MemoryPrefix, StringComparison.Ordinal))
        {
            return LiveInMemory.ContainsKey(name);
        }

        using var lockFile = LockFile.OpenExisting(name);
        return lockFile is not null && !lockFile.TryShared();
    }

    /// <summary>Removes a dead owner's file once its change is settled.</summary>
    public static void Forget(string name)
    {
        if (!name.StartsWith(MemoryPrefix, StringComparison.Ordinal))
        {
            try
            {
                File.Delete(name);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another settler removed it, or it is another account's file: it holds no lock either way.
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        if (held is null)
        {
            LiveInMemory.TryRemove(Name, out _);
            return;
        }

        Forget(Name);
        held.Dispose();
    }
}
