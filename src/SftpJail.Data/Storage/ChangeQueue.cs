using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SftpJail.Data.Storage;

/// <summary>
/// One first-come, first-served queue of database changes across every process that opens the same database file
/// (the panel, any number of CLI calls). Each waiter holds an entry file next to the database, numbered in arrival
/// order and <c>flock</c>ed by its owner while it waits and works; it goes ahead once no live entry with a lower number
/// is left. A holder that dies releases its flock with its process, so its entry no longer blocks anyone. In-memory
/// databases (tests) queue in this process only.
/// </summary>
public sealed class ChangeQueue
{
    private static readonly ConcurrentDictionary<string, ChangeQueue> Queues = new(StringComparer.Ordinal);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    private readonly string? prefix;
    private readonly SemaphoreSlim inProcess = new(1, 1);
    private int inProcessEntered;

    private ChangeQueue(string? prefix) => this.prefix = prefix;

    /// <summary>
    /// The queue of the database a connection string names. An in-memory database lives in this process only, so its
    /// queue is in-process alone; each named one is a database of its own and gets a queue of its own.
    /// </summary>
    public static ChangeQueue For(string? connectionString)
    {
        var (file, memoryName) = Database(connectionString);
        return file is null
            ? Queues.GetOrAdd("memory:" + memoryName, _ => new ChangeQueue(null))
            : Queues.GetOrAdd(file, key => new ChangeQueue(key + ".queue"));
    }

    /// <summary>
    /// Waits for this caller's turn. <paramref name="queued"/> hears how many changes are ahead each time that number
    /// changes while waiting (not at all when there is no wait).
    /// </summary>
    public async Task<IAsyncDisposable> EnterAsync(Action<int>? queued, CancellationToken cancellationToken)
    {
        if (prefix is null)
        {
            Interlocked.Increment(ref inProcessEntered);
            try
            {
                if (!inProcess.Wait(0, CancellationToken.None))
                {
                    queued?.Invoke(1);
                    await inProcess.WaitAsync(cancellationToken);
                }
            }
            catch
            {
                Interlocked.Decrement(ref inProcessEntered);
                throw;
            }

            return new InProcessTurn(this);
        }

        var entry = Join();
        try
        {
            await WaitForTurnAsync(entry, queued, cancellationToken);
            return entry;
        }
        catch
        {
            await entry.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// How many changes hold or wait for a turn right now, from every process (the metrics' queue length). An entry
    /// whose owner died is not counted: its lock went with its process.
    /// </summary>
    public int Length()
    {
        if (prefix is null)
        {
            return Volatile.Read(ref inProcessEntered);
        }

        var live = 0;
        foreach (var (_, path) in Entries())
        {
            using var entry = LockFile.OpenExisting(path);
            if (entry is not null && !entry.TryShared())
            {
                live++;
            }
        }

        return live;
    }

    /// <summary>Takes the next number and publishes an entry already locked, so a visible entry is always a live one's or a dead one's.</summary>
    private Entry Join()
    {
        using var numbering = LockFile.OpenOrCreate(prefix!);
        while (!numbering.TryExclusive())
        {
            Thread.Sleep(1);
        }

        var next = Entries().Select(e => e.Number).DefaultIfEmpty(0).Max() + 1;
        var temporary = $"{prefix}.join-{Guid.NewGuid():N}";
        var held = LockFile.CreateNew(temporary);
        held.TryExclusive();
        var name = $"{prefix}.{next.ToString("D12", CultureInfo.InvariantCulture)}";
        File.Move(temporary, name);
        return new Entry(next, name, held);
    }

    private async Task WaitForTurnAsync(Entry mine, Action<int>? queued, CancellationToken cancellationToken)
    {
        var lastReported = -1;
        var ahead = new Dictionary<string, LockFile>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                foreach (var (number, path) in Entries().Where(e => e.Number < mine.Number))
                {
                    if (!ahead.ContainsKey(path) && LockFile.OpenExisting(path) is { } opened)
                    {
                        ahead[path] = opened;
                    }
                }

                foreach (var (path, entry) in ahead.ToList())
                {
                    // Free: its owner finished (and removed it) or died. A dead owner's entry is removed for it.
                    if (entry.TryShared())
                    {
                        entry.Dispose();
                        ahead.Remove(path);
                        TryDelete(path);
                    }
                }

                if (ahead.Count == 0)
                {
                    return;
                }

                if (ahead.Count != lastReported)
                {
                    lastReported = ahead.Count;
                    queued?.Invoke(ahead.Count);
                }

                await Task.Delay(Poll, cancellationToken);
            }
        }
        finally
        {
            foreach (var entry in ahead.Values)
            {
                entry.Dispose();
            }
        }
    }

    private IEnumerable<(long Number, string Path)> Entries()
    {
        var directory = Path.GetDirectoryName(prefix!)!;
        var name = Path.GetFileName(prefix!) + ".";
        foreach (var path in Directory.EnumerateFiles(directory, name + "*"))
        {
            // The pattern also matches the numbering file itself (name without the dot).
            var file = Path.GetFileName(path);
            var suffix = file.Length > name.Length ? file[name.Length..] : string.Empty;
            if (suffix.Length == 12 && long.TryParse(suffix, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                yield return (number, path);
            }
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Someone else removed it first, or it belongs to an account this process may not remove: it is free anyway.
        }
    }

    /// <summary>The database's file, or (for an in-memory database) null and its name.</summary>
    internal static (string? File, string MemoryName) Database(string? connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:"
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        return inMemory ? (null, source) : (Path.GetFullPath(source), "");
    }

    /// <summary>A turn: removed (then unlocked) on dispose, so the next in line sees it gone or free.</summary>
    private sealed class Entry(long number, string path, LockFile held) : IAsyncDisposable
    {
        public long Number { get; } = number;

        public ValueTask DisposeAsync()
        {
            TryDelete(path);
            held.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    private sealed class InProcessTurn(ChangeQueue queue) : IAsyncDisposable
    {
        private int released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                Interlocked.Decrement(ref queue.inProcessEntered);
                queue.inProcess.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}
