using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>A name that is safe as a Linux account name and as a token in sshd_config.</summary>
public sealed record LinuxUserName : IComparable<LinuxUserName>
{
    private LinuxUserName(string value) => Value = value;

    public string Value { get; }

    public static LinuxUserName Parse(string? text, string field = "username") =>
        TryParse(text, out var name, out var error) ? name : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out LinuxUserName? name, [NotNullWhen(false)] out string? error)
    {
        name = null;
        error = NameRules.Check(text, "username");
        if (error is null && ReservedAccountNames.Contains(text!))
        {
            error = $"'{text}' is reserved for a system account and cannot be used for a customer.";
        }

        if (error is not null)
        {
            return false;
        }

        name = new LinuxUserName(text!);
        return true;
    }

    public override string ToString() => Value;

    /// <summary>Ordinal order of <see cref="Value"/>, so user names sort the same on every machine and culture.</summary>
    public int CompareTo(LinuxUserName? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    public static bool operator <(LinuxUserName? left, LinuxUserName? right) => Comparer<LinuxUserName>.Default.Compare(left, right) < 0;

    public static bool operator <=(LinuxUserName? left, LinuxUserName? right) => Comparer<LinuxUserName>.Default.Compare(left, right) <= 0;

    public static bool operator >(LinuxUserName? left, LinuxUserName? right) => Comparer<LinuxUserName>.Default.Compare(left, right) > 0;

    public static bool operator >=(LinuxUserName? left, LinuxUserName? right) => Comparer<LinuxUserName>.Default.Compare(left, right) >= 0;
}
