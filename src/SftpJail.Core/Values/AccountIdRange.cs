using System.Globalization;

namespace SftpJail.Core.Values;

/// <summary>
/// The uids (and the gids of their user-private and site groups) SftpJail gives the accounts it creates, instead of
/// login.defs' UID_MIN..UID_MAX (60,000 on stock Debian, so about 59,000 accounts). Validated here; that it does not
/// overlap a subordinate-id range on the host is checked by the executor, which reads /etc/subuid and login.defs.
/// </summary>
public sealed record AccountIdRange
{
    /// <summary>Below this are system accounts (login.defs' SYS_UID_MAX is 999 on Debian and RHEL).</summary>
    public const uint Lowest = 1000;

    /// <summary>The highest id accepted: ids are signed 32-bit numbers in parts of the tool chain, and (uid_t)-1 means "none".</summary>
    public const uint Highest = int.MaxValue - 1;

    private AccountIdRange(uint min, uint max) => (Min, Max) = (min, max);

    public uint Min { get; }

    public uint Max { get; }

    public long Count => (long)Max - Min + 1;

    public bool Contains(uint id) => id >= Min && id <= Max;

    public bool Overlaps(uint min, uint max) => min <= Max && max >= Min;

    /// <summary>Both bounds or neither (null: login.defs' range); <paramref name="field"/> names the setting in errors.</summary>
    public static AccountIdRange? Parse(long? min, long? max, string field)
    {
        if (min is null && max is null)
        {
            return null;
        }

        if (min is null || max is null)
        {
            throw new InputRejectedException(field, "Set both the lowest and the highest account id, or neither (login.defs' range).");
        }

        if (min < Lowest || max > Highest)
        {
            throw new InputRejectedException(field, $"{min}-{max} is outside {Lowest}-{Highest.ToString(CultureInfo.InvariantCulture)} (system accounts are below {Lowest}).");
        }

        return min > max
            ? throw new InputRejectedException(field, $"The lowest id {min} is above the highest {max}.")
            : new AccountIdRange((uint)min.Value, (uint)max.Value);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Min}-{Max}");
}
