using System.Globalization;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Accounts;

/// <summary>The numbers from login.defs(5) that useradd uses for a new ordinary account; its defaults where unset.</summary>
public sealed record LoginDefs(uint UidMin, uint UidMax, uint GidMin, uint GidMax, string PassMinDays, string PassMaxDays, string PassWarnAge)
{
    /// <summary>SUB_UID_MIN..SUB_UID_MAX (and the gid pair): where useradd hands out subordinate ids to other accounts.</summary>
    public uint SubUidMin { get; init; } = 100_000;

    public uint SubUidMax { get; init; } = 600_100_000;

    public uint SubGidMin { get; init; } = 100_000;

    public uint SubGidMax { get; init; } = 600_100_000;

    public static LoginDefs Read(string etcDir)
    {
        var path = Path.Combine(etcDir, "login.defs");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var fields = line.Split([' ', '\t'], 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (fields.Length == 2 && !fields[0].StartsWith('#'))
                {
                    values[fields[0]] = fields[1];
                }
            }
        }

        uint Id(string key, uint fallback) => values.TryGetValue(key, out var text) && uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : fallback;
        string Days(string key, string fallback) => values.TryGetValue(key, out var text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days)
            ? (days < 0 ? string.Empty : days.ToString(CultureInfo.InvariantCulture))
            : fallback;
        return new LoginDefs(Id("UID_MIN", 1000), Id("UID_MAX", 60000), Id("GID_MIN", 1000), Id("GID_MAX", 60000), Days("PASS_MIN_DAYS", "0"), Days("PASS_MAX_DAYS", "99999"), Days("PASS_WARN_AGE", "7"))
        {
            SubUidMin = Id("SUB_UID_MIN", 100_000),
            SubUidMax = Id("SUB_UID_MAX", 600_100_000),
            SubGidMin = Id("SUB_GID_MIN", 100_000),
            SubGidMax = Id("SUB_GID_MAX", 600_100_000),
        };
    }

    /// <summary>These numbers with SftpJail's own account range (Host:AccountIdMin/Max) in place of UID/GID_MIN..MAX; null keeps them.</summary>
    public LoginDefs For(AccountIdRange? range) =>
        range is null ? this : this with { UidMin = range.Min, UidMax = range.Max, GidMin = range.Min, GidMax = range.Max };
}
