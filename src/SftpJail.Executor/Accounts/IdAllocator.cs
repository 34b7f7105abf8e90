namespace SftpJail.Executor.Accounts;

/// <summary>
/// useradd(8)'s choice of a new id, for many ids in a row: one more than the highest in use within the range; past the
/// range, the lowest free one. The highest is kept as ids are taken, so a batch of N costs N steps, not N scans of
/// every id on the host (100,000 accounts made that quadratic).
/// </summary>
internal sealed class IdAllocator
{
    // (uint16)-1: old 16-bit interfaces read it as "no id"; useradd's range never reaches it by default, a configured one may.
    private const uint Legacy16BitNone = 65535;

    private readonly HashSet<uint> used;
    private readonly uint min;
    private readonly uint max;
    private readonly string kind;
    private uint? highest;
    private uint lowestFreeFrom;

    public IdAllocator(IEnumerable<uint> used, uint min, uint max, string kind)
    {
        this.used = [.. used, Legacy16BitNone];
        (this.min, this.max, this.kind) = (min, max, kind);
        var inRange = this.used.Where(id => id >= min && id <= max && id != Legacy16BitNone).ToList();
        highest = inRange.Count == 0 ? null : inRange.Max();
        lowestFreeFrom = min;
    }

    public bool IsFree(uint id) => id >= min && id <= max && !used.Contains(id);

    /// <summary>The next id; a <paramref name="preferred"/> one (the uid, for a user-private group) when it is in the range and free.</summary>
    public uint Take(uint? preferred = null)
    {
        var id = preferred is { } wish && IsFree(wish) ? wish : Next();
        used.Add(id);
        highest = highest is { } h && h >= id ? h : id;
        return id;
    }

    private uint Next()
    {
        var candidate = highest is { } h ? (h < max ? h + 1 : (uint?)null) : min;
        while (candidate is { } c && c <= max && used.Contains(c))
        {
            candidate = c < max ? c + 1 : null;
        }

        if (candidate is { } next)
        {
            return next;
        }

        for (var id = lowestFreeFrom; id <= max && id >= lowestFreeFrom; id++)
        {
            if (!used.Contains(id))
            {
                lowestFreeFrom = id;
                return id;
            }
        }

        throw new InvalidOperationException($"Can't get unique {kind} (no more available {kind}s in {min}-{max})");
    }
}
