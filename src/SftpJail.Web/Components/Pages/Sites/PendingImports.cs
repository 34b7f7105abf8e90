using System.Collections.Concurrent;
using System.Security.Cryptography;
using SftpJail.Data.Services.Import;

namespace SftpJail.Web.Components.Pages.Sites;

/// <summary>
/// Keeps an uploaded import file from its preview to the apply that follows, so the page carries only a random ticket
/// (the file may hold passwords: it is never echoed into the page, not even a hidden field). Bound to the person who
/// uploaded it; gone after the apply or <see cref="Lifetime"/>.
/// </summary>
public sealed class PendingImports(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    /// <summary>Uploads are up to <see cref="ImportSites.MaxUploadBytes"/>; this bounds the memory they take.</summary>
    public const int MaxHeld = 20;

    private readonly ConcurrentDictionary<string, Held> held = new(StringComparer.Ordinal);

    public string Keep(string owner, byte[] content, ImportFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        Sweep();
        var ticket = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        held[ticket] = new Held(owner, content, format, time.GetUtcNow() + Lifetime);
        return ticket;
    }

    public (byte[] Content, ImportFormat Format)? Find(string owner, string? ticket) =>
        !string.IsNullOrEmpty(ticket) && held.TryGetValue(ticket, out var entry) && entry.Owner == owner && entry.ExpiresAt > time.GetUtcNow()
            ? (entry.Content, entry.Format)
            : null;

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
        foreach (var (ticket, entry) in held.Where(e => e.Value.ExpiresAt <= now).ToList())
        {
            held.TryRemove(ticket, out _);
        }

        foreach (var (ticket, _) in held.OrderBy(e => e.Value.ExpiresAt).Take(Math.Max(0, held.Count - MaxHeld + 1)).ToList())
        {
            held.TryRemove(ticket, out _);
        }
    }

    private sealed record Held(string Owner, byte[] Content, ImportFormat Format, DateTimeOffset ExpiresAt)
    {
        public override string ToString() => $"Held {{ Owner = {Owner}, {Content.Length} bytes, ExpiresAt = {ExpiresAt:u} }}";
    }
}
