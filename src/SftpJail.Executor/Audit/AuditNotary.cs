using System.Text.Json;
using System.Text.RegularExpressions;
using SftpJail.Core.Contract;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Audit;

/// <summary>
/// Countersigns audit rows and checks them. Row n's MAC is HMAC(key, id, the row's public hash, the MAC of the signed
/// row before it); the head of that chain (count, newest id, MAC) is the anchor, kept in the state directory. Ids only
/// go up: an id at or below the anchor's is never signed again, so a row once signed cannot be replaced, and rows
/// deleted from the end of the table no longer reach the anchor.
/// </summary>
internal sealed partial class AuditNotary(ExecutorAuditPaths paths, HostFileSystem files, ExecutorJournal journal) : IAuditNotary
{
    public const string Purpose = "sftpjail-audit-v1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<AuditCountersignResult> CountersignAsync(IReadOnlyList<AuditRowHash> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        using var _ = StateDirLock.Take(files, paths.Lock);
        var anchor = LoadAnchor();
        if (rows.Count is 0 or > IAuditNotary.MaxRowsPerCall)
        {
            return Task.FromResult(new AuditCountersignResult([], anchor, $"Send between 1 and {IAuditNotary.MaxRowsPerCall} rows."));
        }

        var key = ExecutorKey.LoadOrCreate(files, paths.Key);
        var seals = new List<AuditSeal>(rows.Count);
        var head = anchor;
        foreach (var row in rows)
        {
            if (!IsHash(row.Hash))
            {
                return Task.FromResult(new AuditCountersignResult([], anchor, $"Entry {row.Id}: the hash is not 64 lower-case hex digits."));
            }

            if (row.Id <= head.LastId)
            {
                return Task.FromResult(new AuditCountersignResult([], anchor, $"Entry {row.Id} is at or below the newest countersigned entry ({head.LastId}); ids only go up."));
            }

            var mac = key.Mac(Purpose, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Hash, head.Mac);
            seals.Add(new AuditSeal(row.Id, mac));
            head = new AuditAnchor(head.Count + 1, row.Id, mac);
        }

        new AtomicFileWriter(files).Write(paths.Anchor, JsonSerializer.Serialize(head, Json) + "\n", ExecutorKey.PrivateFile);
        return Task.FromResult(new AuditCountersignResult(seals, head));
    }

    public Task<AuditNotaryCheck> CheckAsync(IReadOnlyList<AuditSealedRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        cancellationToken.ThrowIfCancellationRequested();
        if (rows.Count > IAuditNotary.MaxRowsPerCall)
        {
            throw new ArgumentException($"Check at most {IAuditNotary.MaxRowsPerCall} rows per call.", nameof(rows));
        }

        using var _ = StateDirLock.Take(files, paths.Lock);
        var anchor = LoadAnchor();
        var mismatched = new List<long>();
        if (rows.Count > 0)
        {
            var key = ExecutorKey.LoadOrCreate(files, paths.Key);
            foreach (var row in rows)
            {
                var valid = IsHash(row.Hash) && IsHash(row.PreviousMac) && IsHash(row.Mac)
                    && ExecutorKey.Same(key.Mac(Purpose, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Hash, row.PreviousMac), row.Mac);
                if (!valid)
                {
                    mismatched.Add(row.Id);
                }
            }
        }

        return Task.FromResult(new AuditNotaryCheck(mismatched, anchor, journal.VerifyLocked()));
    }

    private AuditAnchor LoadAnchor()
    {
        var text = files.ReadTextNoFollow(paths.Anchor);
        return text is null
            ? AuditAnchor.Empty
            : JsonSerializer.Deserialize<AuditAnchor>(text, Json) ?? throw new InvalidDataException($"{paths.Anchor} is not an audit anchor.");
    }

    private static bool IsHash(string value) => HexHash().IsMatch(value);

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex HexHash();
}
