using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;

namespace SftpJail.Data.Audit;

/// <summary>
/// Walks the audit table in id order. Always: ids must run 1, 2, 3… without a gap, each row's content must match its
/// public hash and link to the row before. With the executor: each countersigned row's MAC must be the executor's
/// (a row rewritten with the public algorithm is not), the newest countersigned row must be the executor's anchor
/// (rows deleted from the end), no row after it may lack a countersignature, and the executor's journal must be intact.
/// Problems of one row are reported as one problem naming every reason.
/// </summary>
internal sealed class AuditVerifier(SftpJailDbContext db, IAuditNotary? notary)
{
    private readonly SortedDictionary<long, List<string>> problems = [];
    private readonly List<AuditSealedRow> batch = [];

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditHash.Genesis;
        var previousMac = AuditAnchor.GenesisMac;
        long checkedRows = 0, countersigned = 0, previousId = 0, lastSignedId = 0;
        var unsignedTail = new List<long>();
        AuditNotaryCheck? lastCheck = null;
        var keyed = notary is not null;
        await foreach (var entry in db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            checkedRows++;
            if (entry.Id != previousId + 1)
            {
                var missing = entry.Id - previousId - 1;
                Add(entry.Id, missing == 1
                    ? $"entry {previousId + 1} before it is missing (deleted)"
                    : $"entries {previousId + 1}-{entry.Id - 1} before it are missing (deleted)");
            }

            if (!string.Equals(entry.PreviousHash, expectedPrevious, StringComparison.Ordinal))
            {
                Add(entry.Id, "its link to the previous row is broken (a row before it was removed, added or rewritten)");
            }

            var hash = AuditHash.Compute(entry);
            if (!string.Equals(hash, entry.Hash, StringComparison.Ordinal))
            {
                Add(entry.Id, "its content does not match its hash (the row was edited)");
            }

            if (keyed && entry.Mac is { } mac)
            {
                batch.Add(new AuditSealedRow(entry.Id, hash, previousMac, mac));
                (previousMac, lastSignedId) = (mac, entry.Id);
                countersigned++;
                unsignedTail.Clear();
                if (batch.Count == IAuditNotary.MaxRowsPerCall)
                {
                    lastCheck = await CheckBatchAsync(cancellationToken);
                    if (lastCheck is null)
                    {
                        keyed = false;
                    }
                }
            }
            else
            {
                unsignedTail.Add(entry.Id);
            }

            expectedPrevious = entry.Hash;
            previousId = entry.Id;
        }

        if (keyed)
        {
            lastCheck = await CheckBatchAsync(cancellationToken);
        }

        if (lastCheck is not null)
        {
            CheckAnchor(lastCheck.Anchor, countersigned, lastSignedId, previousMac);
            foreach (var id in unsignedTail)
            {
                Add(id, "it is not countersigned by the executor (it was unreachable when the row was written) and no countersigned row after it vouches for it");
            }

            foreach (var problem in lastCheck.Journal.Problems)
            {
                Add(0, "executor journal: " + problem);
            }
        }

        var list = problems.Select(p => new AuditChainProblem(p.Key, string.Join("; ", p.Value))).ToList();
        return new AuditVerification(checkedRows, list, lastCheck is not null, countersigned, lastCheck?.Journal.Entries ?? 0);
    }

    /// <summary>Null when the executor could not be asked; that is itself reported, and the rest is checked without it.</summary>
    private async Task<AuditNotaryCheck?> CheckBatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            var check = await notary!.CheckAsync([.. batch], cancellationToken);
            foreach (var id in check.Mismatched)
            {
                Add(id, "its countersignature is not the executor's (the row was edited or forged, and its chain recomputed without the executor's key)");
            }

            batch.Clear();
            return check;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Add(0, $"the executor could not check the countersignatures ({ex.Message}); only the public hash chain was checked");
            batch.Clear();
            return null;
        }
    }

    private void CheckAnchor(AuditAnchor anchor, long countersigned, long lastSignedId, string lastMac)
    {
        if (anchor.LastId > lastSignedId)
        {
            Add(anchor.LastId, string.Create(CultureInfo.InvariantCulture,
                $"the executor countersigned {anchor.Count} entries up to entry {anchor.LastId}, but the newest countersigned entry here is {lastSignedId} ({countersigned} countersigned): the newest entries were deleted"));
        }
        else if (anchor.LastId < lastSignedId)
        {
            Add(lastSignedId, $"it claims a countersignature, but the executor's newest countersigned entry is {anchor.LastId}");
        }
        else if (anchor.Count != countersigned || !string.Equals(anchor.Mac, lastMac, StringComparison.Ordinal))
        {
            Add(lastSignedId, string.Create(CultureInfo.InvariantCulture,
                $"the executor's anchor ({anchor.Count} countersigned entries) does not match this table ({countersigned}): countersigned entries were deleted or replaced"));
        }
    }

    private void Add(long id, string reason)
    {
        if (!problems.TryGetValue(id, out var reasons))
        {
            problems[id] = reasons = [];
        }

        reasons.Add(reason);
    }
}
