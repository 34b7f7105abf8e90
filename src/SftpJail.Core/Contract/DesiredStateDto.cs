namespace SftpJail.Core.Contract;

/// <summary>Wire form of the desired state: plain strings that the executor parses again (it trusts nothing the panel sends).</summary>
public sealed record DesiredStateDto(IReadOnlyList<SiteDto> Sites)
{
    public static DesiredStateDto Empty { get; } = new([]);
}

public sealed record SiteDto(string Domain, bool Enabled, IReadOnlyList<JailUserDto> Users);

public sealed record JailUserDto(string Name, bool ReadOnly, bool KeyOnly, bool Disabled, IReadOnlyList<string> Keys);

/// <summary>A password to set with chpasswd. Never logged, never audited, never echoed back.</summary>
public sealed record PasswordChange(string UserName, string Password)
{
    public override string ToString() => $"PasswordChange {{ UserName = {UserName}, Password = *** }}";
}
