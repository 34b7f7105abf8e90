using System.Globalization;
using System.Text.RegularExpressions;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// sshd's random early drop of unauthenticated connections, "start:rate:full": above <c>start</c> pending
/// connections sshd refuses <c>rate</c>% of new ones, rising linearly to 100% at <c>full</c> (sshd_config(5), MaxStartups).
/// </summary>
public sealed partial record MaxStartups
{
    private MaxStartups(int start, int rate, int full) => (Start, Rate, Full) = (start, rate, full);

    public static MaxStartups Default { get; } = new(10, 30, 60);

    public int Start { get; }

    public int Rate { get; }

    public int Full { get; }

    [GeneratedRegex(@"^([0-9]{1,4}):([0-9]{1,3}):([0-9]{1,4})$")]
    private static partial Regex Shape();

    public static MaxStartups Parse(string? text)
    {
        var match = text is null ? null : Shape().Match(text);
        if (match is null || !match.Success)
        {
            throw new InputRejectedException("MaxStartups", $"'{text}' is not start:rate:full, like 10:30:60.");
        }

        var start = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var rate = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var full = int.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture);
        if (start < 1 || rate is < 1 or > 100 || full <= start)
        {
            // sshd itself refuses full <= start and a rate over 100; start 0 would refuse every connection.
            throw new InputRejectedException("MaxStartups", $"'{text}' needs start ≥ 1, a rate of 1-100 (percent) and full greater than start.");
        }

        return new MaxStartups(start, rate, full);
    }

    public override string ToString() => $"{Start}:{Rate}:{Full}";
}
