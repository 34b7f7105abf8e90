namespace SftpJail.Core.Contract;

/// <summary>Wire form of the desired state: plain strings that the executor parses again (it trusts nothing the panel sends).</summary>
/// <param name="Admins">Host administrators; null leaves them as last applied (callers that only manage sites send null).</param>
/// <param name="Hardening">The SSH hardening profile; null leaves it as last applied, <see cref="HardeningDto.Off"/> removes it.</param>
/// <param name="Enrolment">An enrolment window; null leaves it as last applied (an expired window renders nothing).</param>
/// <param name="Generation">
/// Which version of the database's state this is: every change makes a higher one. The executor refuses a state older
/// than the one it last applied (a replay built before a newer change landed must not undo it); an equal one is the
/// same state rendered again. Null: an unversioned caller (tests, tools); it is applied as is and keeps the last
/// applied generation, so a database's next change still numbers above it.
/// </param>
public sealed record DesiredStateDto(
    IReadOnlyList<SiteDto> Sites,
    IReadOnlyList<AdminDto>? Admins = null,
    HardeningDto? Hardening = null,
    EnrolmentDto? Enrolment = null,
    long? Generation = null)
{
    public static DesiredStateDto Empty { get; } = new([]);

    /// <summary>
    /// Fills the host-access parts this state leaves unset from <paramref name="previous"/> (the last applied state).
    /// A carried-over enrolment window is dropped when its admin is no longer one.
    /// </summary>
    public DesiredStateDto WithUnsetHostAccessFrom(DesiredStateDto? previous)
    {
        if (previous is null)
        {
            return this;
        }

        var admins = Admins ?? previous.Admins;
        var enrolment = Enrolment ?? (previous.Enrolment is { } window && (admins ?? []).Any(a => a.Name == window.Admin) ? window : null);
        return this with { Admins = admins, Hardening = Hardening ?? previous.Hardening, Enrolment = enrolment };
    }
}

/// <param name="DiskLimitMiB">The most its <c>html/</c> may hold, in MiB; null: no limit.</param>
public sealed record SiteDto(string Domain, bool Enabled, IReadOnlyList<JailUserDto> Users, long? DiskLimitMiB = null);

public sealed record JailUserDto(string Name, bool ReadOnly, bool KeyOnly, bool Disabled, IReadOnlyList<string> Keys);

/// <summary>A password to set with chpasswd. Never logged, never audited, never echoed back.</summary>
public sealed record PasswordChange(string UserName, string Password)
{
    public override string ToString() => $"PasswordChange {{ UserName = {UserName}, Password = *** }}";
}
