using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Data.Audit;

namespace SftpJail.Data.Services;

/// <summary>
/// Every change runs the same way: wait for its turn in the database's one queue (first come, first served across the
/// panel and every CLI call; a waiter hears "busy, queued behind N changes"), validate and change rows, raise the state
/// generation, send the whole resulting state to the executor, then either commit together with an "applied" audit
/// row, or roll back and audit "refused"/"failed". Invalid input is answered before anything is sent or written, and
/// is not audited: nothing happened, and hostile text has no business in the log.
/// </summary>
public sealed partial class SiteService
{
    private const int MaxErrorLength = 1000;

    private ChangeGate? gate;

    /// <summary>This instance's turn in the queue of its database, shared by every process that writes it.</summary>
    private ChangeGate Gate => gate ??= new ChangeGate(Storage.ChangeQueue.For(db.Database.GetConnectionString()), notices);

    private sealed record Change(
        string Action,
        string Target,
        object? Before,
        object? After,
        IReadOnlyList<PasswordChange> Passwords,
        string? Domain);

    /// <summary>Either a change to send, or a one-line reason the request is invalid.</summary>
    private readonly record struct Attempt(Change? Change, string? Invalid)
    {
        public static implicit operator Attempt(Change change) => new(change, null);

        public static Attempt Reject(string reason) => new(null, reason);
    }

    /// <summary>Refusal of an apply whose previewed plan identity no longer matches the state and a fresh plan.</summary>
    public const string StalePlanError = "plan: The plan changed since it was previewed (the form or the host is not what was shown); preview again.";

    /// <param name="previewedPlan">When given, the change is sent only if the state and a fresh plan still have this identity.</param>
    private async Task<OperationResult> MutateAsync(
        Actor actor, Func<CancellationToken, Task<Attempt>> makeChange, CancellationToken cancellationToken, string? previewedPlan = null)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Change change;
            ExecutorOutcome outcome;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                var attempt = await TryMakeChangeAsync(makeChange, cancellationToken);
                if (attempt.Change is null)
                {
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    return OperationResult.Invalid(OneLine(attempt.Invalid ?? "The request was refused."));
                }

                change = attempt.Change;
                var state = await BuildDesiredStateAsync(cancellationToken);
                if (previewedPlan is not null && await StalePlanAsync(state, previewedPlan, cancellationToken) is { } stale)
                {
                    // Nothing was sent to change the host: not audited, like any other refused request.
                    await transaction.RollbackAsync(CancellationToken.None);
                    db.ChangeTracker.Clear();
                    return OperationResult.Invalid(stale);
                }

                outcome = await ApplyVersionedAsync(state, change.Passwords, cancellationToken);

                // From here the host has changed (or not): finish the bookkeeping even if the caller gives up.
                if (outcome.Result.Succeeded)
                {
                    // The executor converged the whole host to the whole state, so every site now matches it.
                    var now = time.GetUtcNow();
                    await db.Sites.ExecuteUpdateAsync(
                        s => s.SetProperty(x => x.Status, SiteStatus.Applied).SetProperty(x => x.LastAppliedAt, now).SetProperty(x => x.LastError, (string?)null),
                        CancellationToken.None);
                    var applied = await audit.AppendAsync(actor, change.Action, change.Target, change.Before, change.After, AuditResults.Applied,
                        detail: Detail(outcome.Result.Applied, change.Passwords), cancellationToken: CancellationToken.None);
                    await transaction.CommitAsync(CancellationToken.None);
                    return new OperationResult(true, null, outcome.Result.Applied, applied.Id);
                }

                await transaction.RollbackAsync(CancellationToken.None);
            }

            db.ChangeTracker.Clear();
            return await RecordFailureAsync(actor, change, outcome);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>Null when a fresh plan of <paramref name="state"/> has the identity <paramref name="previewed"/>; otherwise why not.</summary>
    private async Task<string?> StalePlanAsync(DesiredStateDto state, string previewed, CancellationToken cancellationToken)
    {
        PlanResult plan;
        try
        {
            plan = await executor.PlanAsync(state, cancellationToken);
        }
        catch (ExecutorUnavailableException unavailable)
        {
            return OneLine($"The executor is unavailable: {unavailable.Message}");
        }

        if (plan.Error is not null)
        {
            return OneLine(plan.Error);
        }

        return PlanIdentity.Matches(previewed, state, plan.Steps) ? null : StalePlanError;
    }

    private static async Task<Attempt> TryMakeChangeAsync(Func<CancellationToken, Task<Attempt>> makeChange, CancellationToken cancellationToken)
    {
        try
        {
            return await makeChange(cancellationToken);
        }
        catch (InputRejectedException rejected)
        {
            return Attempt.Reject(rejected.Message);
        }
    }

    private async Task<OperationResult> RecordFailureAsync(Actor actor, Change change, ExecutorOutcome outcome)
    {
        var error = Redact(OneLine(outcome.Result.Error ?? "The executor did not say why."), change.Passwords);
        var result = outcome.Threw || !outcome.Result.IsRefusal ? AuditResults.Failed : AuditResults.Refused;
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        if (change.Domain is not null)
        {
            await db.Sites.Where(s => s.Domain == change.Domain).ExecuteUpdateAsync(
                s => s.SetProperty(x => x.Status, SiteStatus.Failed).SetProperty(x => x.LastError, error),
                CancellationToken.None);
        }

        var entry = await audit.AppendAsync(actor, change.Action, change.Target, change.Before, change.After, result, error,
            Detail(outcome.Result.Applied, change.Passwords), CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return new OperationResult(false, error, outcome.Result.Applied, entry.Id);
    }

    private readonly record struct ExecutorOutcome(ApplyResult Result, bool Threw);

    /// <summary>
    /// Sends the state with the next generation. Refused as stale means the executor applied a newer generation that
    /// this database never handed out (another database, or a commit lost after its apply); this state is the newest
    /// the database has and this change holds the queue, so it is numbered after that one and sent once more.
    /// </summary>
    private async Task<ExecutorOutcome> ApplyVersionedAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken)
    {
        var generation = await StateGeneration.NextAsync(db, time, cancellationToken: cancellationToken);
        var outcome = await ApplyOnHostAsync(state with { Generation = generation }, passwords, cancellationToken);
        if (outcome.Result is { IsStale: true, Generation: { } applied })
        {
            generation = await StateGeneration.NextAsync(db, time, applied, cancellationToken);
            outcome = await ApplyOnHostAsync(state with { Generation = generation }, passwords, cancellationToken);
        }

        return outcome;
    }

    private async Task<ExecutorOutcome> ApplyOnHostAsync(DesiredStateDto state, IReadOnlyList<PasswordChange> passwords, CancellationToken cancellationToken)
    {
        try
        {
            return new(await executor.ApplyAsync(state, passwords, cancellationToken), false);
        }
        catch (ExecutorUnavailableException unavailable)
        {
            return new(ApplyResult.Failed($"The executor is unavailable: {unavailable.Message}"), true);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            // Whatever went wrong, the rows must be rolled back and the attempt audited; the message is all the caller needs.
            return new(ApplyResult.Failed($"The executor failed: {failure.Message}"), true);
        }
    }

    private static string? Detail(IReadOnlyList<PlanStep> steps, IReadOnlyList<PasswordChange> passwords) =>
        steps.Count == 0 ? null : Redact(string.Join('\n', steps.Select(s => OneLine(s.ToString()))), passwords);

    /// <summary>Defence in depth: the executor never echoes a password, but if one ever did it must not reach the log.</summary>
    private static string Redact(string text, IReadOnlyList<PasswordChange> passwords) =>
        passwords.Aggregate(text, (current, change) => change.Password.Length == 0 ? current : current.Replace(change.Password, "***", StringComparison.Ordinal));

    internal static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(part => new string(part.Where(c => !char.IsControl(c)).ToArray())));
        return line.Length > MaxErrorLength ? line[..MaxErrorLength] + "..." : line;
    }
}
