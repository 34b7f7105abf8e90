using System.Globalization;

namespace SftpJail.Web.Api;

/// <summary>Query-string numbers parsed here, so a bad one gets Problem Details rather than minimal APIs' bare 400.</summary>
public static class ApiQuery
{
    public static bool TryWhole(string? text, string name, int min, int max, int fallback, out int value, out IResult? problem)
    {
        problem = null;
        value = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        problem = ApiProblems.BadRequest($"{name}: Give a whole number from {min} to {max}.");
        return false;
    }

    public static bool TryTime(string? text, string name, out DateTimeOffset? value, out IResult? problem)
    {
        problem = null;
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = ApiProblems.BadRequest($"{name}: Give a time as ISO 8601, such as 2026-12-01T10:00:00Z.");
        return false;
    }
}
