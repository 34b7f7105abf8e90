using SftpJail.Core.Contract;
using SftpJail.Executor.Audit;

namespace SftpJail.Executor.Queue;

/// <summary>One caller's apply: the state it sent, its passwords, and who it is as the kernel saw it.</summary>
internal sealed record ApplyRequest(DesiredStateDto State, IReadOnlyList<PasswordChange> Passwords, ExecutorCaller Caller);

/// <summary>
/// The per-request check before a request joins a batch: a refusal (held for root's approval, or the check could not
/// run), or the lines its journal entry starts with and whether it changes host access.
/// </summary>
internal sealed record Admission(ApplyResult? Refusal, IReadOnlyList<string> Detail, bool ChangesHostAccess)
{
    public static readonly Admission None = new(null, [], false);

    /// <summary>The refusal is already in the journal (host access held), so the answer adds no line.</summary>
    public bool Journaled { get; init; }
}

/// <summary>What the batcher needs from the engine: per request a check and a journal entry, per batch one apply.</summary>
internal interface IBatchedApplyHost
{
    /// <summary>Applies one whole state on the host (plan, change, validate, reload), journaling nothing.</summary>
    Task<ApplyResult> ApplyOnceAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken);

    /// <summary>Held while a batch is checked and applied, so what was checked is what runs, across processes too.</summary>
    Task<IDisposable> LockHostAsync(CancellationToken cancellationToken);

    DesiredStateDto? LastApplied();

    /// <summary>Checks <paramref name="request"/> as if it ran right after <paramref name="baseline"/> (the state applied before it).</summary>
    Admission Admit(ApplyRequest request, DesiredStateDto? baseline);

    /// <summary>Journals the request's own result, before its caller hears it.</summary>
    void Answered(ApplyRequest request, Admission admission, ApplyResult result, BatchShare share);
}

/// <summary>How a request's result was reached: alone, or in one run with others (the newest of them applied once).</summary>
internal sealed record BatchShare(int Requests, long? AppliedGeneration)
{
    public static readonly BatchShare Alone = new(1, null);
}
