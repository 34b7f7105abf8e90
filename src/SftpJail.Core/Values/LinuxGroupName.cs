using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>A group name that is safe for groupadd and as a token in sshd_config. System groups are allowed (www-data, apache, sudo).</summary>
public sealed record LinuxGroupName : IComparable<LinuxGroupName>
{
    private LinuxGroupName(string value) => Value = value;

    public string Value { get; }

    public static LinuxGroupName Parse(string? text, string field = "group") =>
        TryParse(text, out var name, out var error) ? name : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out LinuxGroupName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = NameRules.Check(text, "group name");
        if (error is not null)
        {
            return false;
        }

        name = new LinuxGroupName(text!);
        return true;
    }

    public override string ToString() => Value;

    /// <summary>Ordinal order of <see cref="Value"/>, so group names sort the same on every machine and culture.</summary>
    public int CompareTo(LinuxGroupName? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    public static bool operator <(LinuxGroupName? left, LinuxGroupName? right) => Comparer<LinuxGroupName>.Default.Compare(left, right) < 0;

    public static bool operator <=(LinuxGroupName? left, LinuxGroupName? right) => Comparer<LinuxGroupName>.Default.Compare(left, right) <= 0;

    public static bool operator >(LinuxGroupName? left, LinuxGroupName? right) => Comparer<LinuxGroupName>.Default.Compare(left, right) > 0;

    public static bool operator >=(LinuxGroupName? left, LinuxGroupName? right) => Comparer<LinuxGroupName>.Default.Compare(left, right) >= 0;
}
