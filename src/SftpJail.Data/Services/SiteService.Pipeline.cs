using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Data.Storage;

namespace SftpJail.Data.Services;

/// <summary>
/// Every change runs the same way, commit first: in its turn in the database's one queue (first come, first served
/// across the panel and every CLI call; a waiter hears "busy, queued behind N changes") it validates and commits its
/// rows with an undo record and the next state generation, then gives the turn back and sends the resulting state to
/// the executor. Changes sent while another is applied reach the executor together, and its batcher applies the newest
/// of them once (states are cumulative). Applied: the change is marked applied and audited. Failed: it is undone and
/// audited "refused"/"failed" when it was alone in its state; when other changes were in it too, it is retried alone
/// (see <see cref="RetryAloneAsync"/>), so only the culprit ends refused. Invalid input is answered before anything
/// is written or sent, and is not audited: nothing happened, and hostile text has no business in the log.
/// </summary>
public sealed partial class SiteService
{
    private const int MaxErrorLength = 1000;

    private ChangeGate? gate;

    /// <summary>This instance's turn in the queue of its database, shared by every process that writes it.</summary>
    private ChangeGate Gate => gate ??= new ChangeGate(ChangeQueue.For(db.Database.GetConnectionString()), notices);

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
        Committed committed;
        using (Phase("commit"))
        {
            committed = await CommitAsync(actor, makeChange, previewedPlan, cancellationToken);
        }

        if (committed.Flight is not { } flight)
        {
            return OperationResult.Invalid(committed.Invalid ?? "The request was refused.");
        }

        // From here the rows are committed: finish (applied or undone) even if the caller gives up.
        using (flight.Owner)
        {
            ExecutorOutcome outcome;
            bool combined;
            using (Phase("send"))
            {
                (outcome, combined) = await SendAsync(flight);
            }

            if (outcome.Result.Succeeded)
            {
                using var settling = Phase("settle applied");
                return await InTurnAsync(() => SettleAppliedAsync(actor, flight, outcome));
            }

            return combined
                ? await RetryAloneAsync(actor, flight)
                : await InTurnAsync(() => SettleFailedAsync(actor, flight, outcome));
        }
    }

    /// <summary>
    /// Sends the committed state. Stale means the executor already applied a newer generation: every state numbered
    /// after this one was read after this change committed and holds its rows (nothing leaves out a change still in
    /// flight, see <see cref="RetryAloneAsync"/>), so the host has them. Only its passwords may be missing, or the
    /// applied generation is one this database never handed out (another database, a commit lost after its apply): then
    /// the state is read afresh, numbered after the applied one, and sent once more.
    /// </summary>
    private async Task<(ExecutorOutcome Outcome, bool Combined)> SendAsync(Flight flight)
    {
        var outcome = await ApplyOnHostAsync(flight.State, flight.Change.Passwords, CancellationToken.None);
        if (outcome.Result is not { IsStale: true, Generation: { } applied })
        {
            return (outcome, flight.Combined);
        }

        if (flight.Change.Passwords.Count == 0 && applied <= await InTurnAsync(() => StateGeneration.CurrentAsync(db, CancellationToken.None)))
        {
            return (new ExecutorOutcome(new ApplyResult(true, [], Generation: applied), false), flight.Combined);
        }

        var (state, others) = await InTurnAsync(() => NumberedStateAsync(applied, excludeFailedOthers: null));
        return (await ApplyOnHostAsync(state, flight.Change.Passwords, CancellationToken.None), flight.Combined || others);
    }

    /// <summary>Runs <paramref name="work"/> holding this database's queue turn.</summary>
    private async Task<T> InTurnAsync<T>(Func<Task<T>> work)
    {
        await Gate.WaitAsync(CancellationToken.None);
        try
        {
            return await work();
        }
        finally
        {
            db.ChangeTracker.Clear();
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

    private readonly record struct ExecutorOutcome(ApplyResult Result, bool Threw);

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
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A cancellation nobody here asked for (the client's own timeout) is a failure like any other: the rows are committed and must be settled.
            // Whatever went wrong, the rows must be undone and the attempt audited; the message is all the caller needs.
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
