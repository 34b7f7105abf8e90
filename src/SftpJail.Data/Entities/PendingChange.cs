namespace SftpJail.Data.Entities;

/// <summary>
/// A change whose rows are committed but whose apply the executor has not answered yet: what it touched (so a change
/// to the same site or user waits for it), who owns it (a lock its process holds while it waits for the answer), and
/// how to undo it. Removed when the change is applied or undone. Never holds a password.
/// </summary>
public sealed class PendingChange
{
    public int Id { get; set; }

    /// <summary>The owner's lock (<see cref="Storage.ChangeOwner"/>): while it is held the owner is alive.</summary>
    public required string Owner { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public long Generation { get; set; }

    public PendingChangeStatus Status { get; set; }

    /// <summary>The site domains it touched, one a line.</summary>
    public required string Sites { get; set; }

    /// <summary>The user names it touched (before or after), one a line.</summary>
    public required string Users { get; set; }

    /// <summary>The audit actor, action and target, for whoever settles it when its owner died.</summary>
    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    /// <summary>The <see cref="Services.UndoLog"/> as JSON: per row changed, its values before and after.</summary>
    public required string Undo { get; set; }
}

public enum PendingChangeStatus
{
    /// <summary>Sent (or about to be); the executor has not answered.</summary>
    InFlight,

    /// <summary>Answered with a failure while other changes were in the same state; waits to be retried alone.</summary>
    Failed,
}
