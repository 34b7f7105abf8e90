using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

/// <summary>
/// A DNS host name for a site, lower-cased ASCII (IDN converted to punycode). <see cref="Reverse"/> is the
/// directory name used under the jail root (<c>site1.com</c> → <c>com.site1</c>).
/// </summary>
public sealed record SiteDomain : IComparable<SiteDomain>
{
    private SiteDomain(string value) => Value = value;

    /// <summary>The ASCII (punycode) form, lower case, no trailing dot.</summary>
    public string Value { get; }

    public string Reverse => string.Join('.', Value.Split('.').Reverse());

    /// <summary>The Unicode form for display.</summary>
    public string Display => DomainRules.Idn.GetUnicode(Value);

    public static SiteDomain Parse(string? text, string field = "domain") =>
        TryParse(text, out var domain, out var error) ? domain : throw new InputRejectedException(field, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out SiteDomain? domain, [NotNullWhen(false)] out string? error)
    {
        domain = null;
        error = DomainRules.Check(text, out var ascii);
        if (error is not null)
        {
            return false;
        }

        domain = new SiteDomain(ascii!);
        return true;
    }

    /// <summary>
    /// <see cref="Parse"/> for a name being added: also refuses a look-alike (a label mixing scripts). Names already
    /// recorded (the database, the executor's manifest) keep parsing with <see cref="Parse"/>, so a site added before
    /// this rule can still be listed, applied and removed.
    /// </summary>
    public static SiteDomain ParseNew(string? text, string field = "domain") =>
        TryParseNew(text, out var domain, out var error) ? domain : throw new InputRejectedException(field, error);

    /// <inheritdoc cref="ParseNew"/>
    public static bool TryParseNew(string? text, [NotNullWhen(true)] out SiteDomain? domain, [NotNullWhen(false)] out string? error)
    {
        if (!TryParse(text, out domain, out error))
        {
            return false;
        }

        error = DomainRules.CheckLookAlike(text!, domain.Value);
        if (error is not null)
        {
            domain = null;
            return false;
        }

        return true;
    }

    public override string ToString() => Value;

    /// <summary>Ordinal order of <see cref="Value"/>, so domains sort the same on every machine and culture.</summary>
    public int CompareTo(SiteDomain? other) => other is null ? 1 : string.CompareOrdinal(Value, other.Value);

    public static bool operator <(SiteDomain? left, SiteDomain? right) => Comparer<SiteDomain>.Default.Compare(left, right) < 0;

    public static bool operator <=(SiteDomain? left, SiteDomain? right) => Comparer<SiteDomain>.Default.Compare(left, right) <= 0;

    public static bool operator >(SiteDomain? left, SiteDomain? right) => Comparer<SiteDomain>.Default.Compare(left, right) > 0;

    public static bool operator >=(SiteDomain? left, SiteDomain? right) => Comparer<SiteDomain>.Default.Compare(left, right) >= 0;
}
