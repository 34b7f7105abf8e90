using System.Security.Cryptography;
using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.Audit;

/// <summary>
/// Host-access changes held for root's approval, in a root-only file of the state directory. A change from a caller
/// other than root is held under a short code; root approves that code (and so that exact change, by digest); the
/// next request carrying the same change goes through once. Nothing secret is stored: passwords enter the digest only
/// as an HMAC with the executor key.
/// </summary>
internal sealed class HostAccessApprovalStore(ExecutorAuditPaths paths, HostFileSystem files, TimeProvider time)
{
    /// <summary>How long a held change waits for approval, and how long an approval waits to be used.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private const int MaxHeld = 20;
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L: read aloud and typed

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Consumes an approval of this exact change, or holds it (again) and says under which code.</summary>
    public HostAccessDecision Decide(HostAccessChange change, ExecutorCaller caller)
    {
        using var _ = StateDirLock.Take(files, paths.Lock);
        var digest = change.Digest(ExecutorKey.LoadOrCreate(files, paths.Key));
        var now = time.GetUtcNow();
        var held = Load().Where(h => h.ExpiresAtUtc > now).ToList();
        if (held.FirstOrDefault(h => h.Digest == digest && h.Approved) is { } approved)
        {
            held.Remove(approved);
            Save(held);
            return new HostAccessDecision(true, approved.Code);
        }

        var pending = held.FirstOrDefault(h => h.Digest == digest);
        if (pending is null)
        {
            pending = new HeldChange(NewCode(), digest, caller.ToString(), now, now + Lifetime, false, [.. change.Summary]);
            held.Add(pending);
            held = held.OrderByDescending(h => h.RequestedAtUtc).Take(MaxHeld).ToList();
        }

        Save(held);
        return new HostAccessDecision(false, pending.Code);
    }

    public IReadOnlyList<PendingHostAccessChange> List()
    {
        using var _ = StateDirLock.Take(files, paths.Lock);
        var now = time.GetUtcNow();
        return Load().Where(h => h.ExpiresAtUtc > now).Select(h => h.ToContract()).ToList();
    }

    public PendingHostAccessChange Approve(string code)
    {
        using var _ = StateDirLock.Take(files, paths.Lock);
        var now = time.GetUtcNow();
        var held = Load().Where(h => h.ExpiresAtUtc > now).ToList();
        var wanted = code.Trim().ToUpperInvariant();
        var found = held.FirstOrDefault(h => h.Code == wanted)
            ?? throw new InvalidOperationException($"No host-access change is waiting under code {wanted} (codes expire after {Lifetime.TotalMinutes:0} minutes).");
        var approved = found with { Approved = true, ExpiresAtUtc = now + Lifetime };
        held[held.IndexOf(found)] = approved;
        Save(held);
        return approved.ToContract();
    }

    private List<HeldChange> Load()
    {
        var text = files.ReadTextNoFollow(paths.Approvals);
        return text is null ? [] : JsonSerializer.Deserialize<List<HeldChange>>(text, Json) ?? [];
    }

    private void Save(List<HeldChange> held) =>
        new AtomicFileWriter(files).Write(paths.Approvals, JsonSerializer.Serialize(held, Json) + "\n", ExecutorKey.PrivateFile);

    private static string NewCode()
    {
        var chars = RandomNumberGenerator.GetItems<char>(CodeAlphabet, 8);
        return $"{new string(chars, 0, 4)}-{new string(chars, 4, 4)}";
    }

    private sealed record HeldChange(
        string Code,
        string Digest,
        string RequestedBy,
        DateTimeOffset RequestedAtUtc,
        DateTimeOffset ExpiresAtUtc,
        bool Approved,
        IReadOnlyList<string> Summary)
    {
        public PendingHostAccessChange ToContract() => new(Code, RequestedBy, RequestedAtUtc, ExpiresAtUtc, Approved, Summary);
    }
}

/// <param name="Approved">True: root approved this exact change (now used up); false: it is held under <paramref name="Code"/>.</param>
internal sealed record HostAccessDecision(bool Approved, string Code);
