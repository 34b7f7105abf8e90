using System.Globalization;
using SftpJail.Core.Values;

namespace SftpJail.Executor.Accounts;

/// <summary>
/// Refuses a configured account range (Host:AccountIdMin/Max) that shares ids with subordinate ids: a uid that is also
/// inside someone's /etc/subuid range is a uid that user's containers can run as, so their processes could read and
/// write that customer's files. Checked against the ranges handed out (/etc/subuid, /etc/subgid) and the window useradd
/// hands them out from (login.defs' SUB_UID_MIN..SUB_UID_MAX and the gid pair).
/// </summary>
internal static class SubordinateIds
{
    public static void RefuseOverlap(AccountIdRange range, LoginDefs defs, string etcDir)
    {
        (string Source, uint Min, uint Max)[] windows =
        [
            ("login.defs SUB_UID_MIN..SUB_UID_MAX", defs.SubUidMin, defs.SubUidMax),
            ("login.defs SUB_GID_MIN..SUB_GID_MAX", defs.SubGidMin, defs.SubGidMax),
            .. Entries(Path.Combine(etcDir, "subuid")),
            .. Entries(Path.Combine(etcDir, "subgid")),
        ];
        foreach (var (source, min, max) in windows.Where(w => w.Min <= w.Max && range.Overlaps(w.Min, w.Max)))
        {
            throw new InvalidOperationException(
                $"Host:AccountIdMin/AccountIdMax ({range}) overlaps the subordinate ids {min}-{max} of {source}; choose a range outside every subordinate-id range.");
        }
    }

    private static IEnumerable<(string Source, uint Min, uint Max)> Entries(string file)
    {
        if (!File.Exists(file))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(file))
        {
            var fields = line.Split(':');
            if (fields.Length == 3
                && uint.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                && uint.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                && count > 0)
            {
                yield return ($"'{fields[0]}' in {file}", start, (uint)Math.Min(uint.MaxValue, (ulong)start + count - 1));
            }
        }
    }
}
