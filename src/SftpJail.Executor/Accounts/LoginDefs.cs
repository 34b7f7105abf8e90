using System.Globalization;

namespace SftpJail.Executor.Accounts;

/// <summary>The numbers from login.defs(5) that useradd uses for a new ordinary account; its defaults where unset.</summary>
public sealed record LoginDefs(uint UidMin, uint UidMax, uint GidMin, uint GidMax, string PassMinDays, string PassMaxDays, string PassWarnAge)
{
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
        return new LoginDefs(Id("UID_MIN", 1000), Id("UID_MAX", 60000), Id("GID_MIN", 1000), Id("GID_MAX", 60000), Days("PASS_MIN_DAYS", "0"), Days("PASS_MAX_DAYS", "99999"), Days("PASS_WARN_AGE", "7"));
    }
}
