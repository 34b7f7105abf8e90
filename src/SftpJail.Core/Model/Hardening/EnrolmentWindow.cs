using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// A short time during which one named admin may log in with a password (to run ssh-copy-id). Outside the window the
/// renderer emits nothing for it, so an expired window in a stored state can never reopen password login.
/// </summary>
public sealed record EnrolmentWindow(LinuxUserName Admin, DateTimeOffset ExpiresAtUtc)
{
    /// <summary>A window longer than this is refused: enrolment is meant to take minutes, not to be a way around the profile.</summary>
    public static TimeSpan MaxLength { get; } = TimeSpan.FromMinutes(60);

    public static EnrolmentWindow Open(LinuxUserName admin, TimeSpan length, DateTimeOffset now)
    {
        if (length <= TimeSpan.Zero || length > MaxLength)
        {
            throw new InputRejectedException("enrolment window", $"{length.TotalMinutes:0.#} minutes is not between 0 and {MaxLength.TotalMinutes:0} minutes.");
        }

        return new EnrolmentWindow(admin, now.ToUniversalTime() + length);
    }

    public bool IsOpenAt(DateTimeOffset now) => now < ExpiresAtUtc;

    public TimeSpan RemainingAt(DateTimeOffset now) => IsOpenAt(now) ? ExpiresAtUtc - now : TimeSpan.Zero;
}
