using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Holds a password staff typed into a preview form until the apply that follows, so the preview page need not echo it
/// back (not even into a hidden field). The page carries only a random ticket; the password stays in this process's
/// memory, bound to the person who typed it, until the apply succeeds or <see cref="Lifetime"/> has passed.
/// </summary>
public sealed class PendingPasswords(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Bounds the memory a flood of previews can take; the oldest tickets go first.</summary>
    public const int MaxHeld = 1000;

    private readonly ConcurrentDictionary<string, Held> held = new(StringComparer.Ordinal);

    /// <summary>Keeps <paramref name="password"/> for <paramref name="owner"/> and returns the ticket that takes it back.</summary>
    public string Keep(string owner, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Sweep();
        var ticket = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        held[ticket] = new Held(owner, password, time.GetUtcNow() + Lifetime);
        return ticket;
    }

    /// <summary>The password kept under <paramref name="ticket"/> by <paramref name="owner"/>; null when unknown, expired or someone else's.</summary>
    public string? Find(string owner, string? ticket) =>
        !string.IsNullOrEmpty(ticket) && held.TryGetValue(ticket, out var entry) && entry.Owner == owner && entry.ExpiresAt > time.GetUtcNow()
            ? entry.Password
            : null;

    /// <summary>Drops the ticket (after the apply that used it, or when the form moved on to another password).</summary>
    public void Forget(string owner, string? ticket)
    {
        if (!string.IsNullOrEmpty(ticket) && held.TryGetValue(ticket, out var entry) && entry.Owner == owner)
        {
            held.TryRemove(new KeyValuePair<string, Held>(ticket, entry));
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (ticket, entry) in held)
        {
            if (entry.ExpiresAt <= now)
            {
                held.TryRemove(ticket, out _);
            }
        }

        if (held.Count >= MaxHeld)
        {
            foreach (var (ticket, _) in held.OrderBy(e => e.Value.ExpiresAt).Take(held.Count - MaxHeld + 1).ToList())
            {
                held.TryRemove(ticket, out _);
            }
        }
    }

    private sealed record Held(string Owner, string Password, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"Held {{ Owner = {Owner}, Password = ***, ExpiresAt = {ExpiresAt:u} }}";
    }
}
