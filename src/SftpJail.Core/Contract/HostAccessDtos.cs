namespace SftpJail.Core.Contract;

/// <summary>An administrator's login account and public keys (OpenSSH lines or RFC 4716 blocks), as sent to the executor.</summary>
public sealed record AdminDto(string Name, IReadOnlyList<string> Keys);

/// <summary>
/// The SSH hardening profile in wire form. <see cref="Enabled"/> false means "no profile" (SftpJail renders none of
/// these lines); the executor re-validates every number.
/// </summary>
public sealed record HardeningDto(
    bool Enabled,
    bool DenyRootLogin = true,
    bool DenyPasswordLogin = true,
    int MaxAuthTries = 3,
    int LoginGraceSeconds = 30,
    int ClientAliveIntervalSeconds = 300,
    int ClientAliveCountMax = 2,
    string MaxStartups = "10:30:60",
    string CryptoPolicy = "defaults")
{
    public static HardeningDto Off { get; } = new(false);

    public static HardeningDto Recommended { get; } = new(true);
}

/// <summary>A password-login window for one named admin, until <see cref="ExpiresAtUtc"/>. An expired window renders nothing.</summary>
public sealed record EnrolmentDto(string Admin, DateTimeOffset ExpiresAtUtc);
