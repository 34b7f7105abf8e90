using System.Globalization;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// The host-wide SSH lock-down SftpJail renders into its drop-in. Fixed parts (always on with a profile): root and
/// empty passwords refused, keyboard-interactive off, forwarding off for the jail, AllowGroups limited to the admin
/// and jail groups. The numbers are validated here so a renderer never writes a value sshd would refuse.
/// </summary>
public sealed record SshHardening
{
    public static SshHardening Recommended { get; } = new();

    /// <summary>PermitRootLogin no. When false, root login is left to the main config.</summary>
    public bool DenyRootLogin { get; init; } = true;

    /// <summary>PasswordAuthentication no globally; jailed users keep passwords inside the jail group's Match block.</summary>
    public bool DenyPasswordLogin { get; init; } = true;

    public int MaxAuthTries { get; init; } = 3;

    public TimeSpan LoginGraceTime { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan ClientAliveInterval { get; init; } = TimeSpan.FromSeconds(300);

    public int ClientAliveCountMax { get; init; } = 2;

    public MaxStartups MaxStartups { get; init; } = MaxStartups.Default;

    public CryptoPolicy Crypto { get; init; } = CryptoPolicy.OpenSshDefaults;

    /// <summary>Turns password or root login off: the lock-out guard must see a working admin key first.</summary>
    public bool RemovesALoginPath => DenyRootLogin || DenyPasswordLogin;

    /// <summary>Builds a profile from untrusted numbers, refusing anything sshd would reject or that would lock everyone out.</summary>
    public static SshHardening Create(
        bool denyRootLogin,
        bool denyPasswordLogin,
        int maxAuthTries,
        int loginGraceSeconds,
        int clientAliveIntervalSeconds,
        int clientAliveCountMax,
        string? maxStartups,
        string? cryptoPolicy)
    {
        Range("MaxAuthTries", maxAuthTries, 1, 10);
        Range("LoginGraceTime", loginGraceSeconds, 10, 600);
        Range("ClientAliveInterval", clientAliveIntervalSeconds, 0, 3600);
        Range("ClientAliveCountMax", clientAliveCountMax, 0, 10);
        return new SshHardening
        {
            DenyRootLogin = denyRootLogin,
            DenyPasswordLogin = denyPasswordLogin,
            MaxAuthTries = maxAuthTries,
            LoginGraceTime = TimeSpan.FromSeconds(loginGraceSeconds),
            ClientAliveInterval = TimeSpan.FromSeconds(clientAliveIntervalSeconds),
            ClientAliveCountMax = clientAliveCountMax,
            MaxStartups = MaxStartups.Parse(maxStartups ?? MaxStartups.Default.ToString()),
            Crypto = ParseCrypto(cryptoPolicy),
        };
    }

    /// <summary>"defaults" or "hardened" (or the enum names), case-insensitive.</summary>
    public static CryptoPolicy ParseCrypto(string? text) =>
        text?.Trim().ToLowerInvariant() switch
        {
            null or "" or "defaults" or "opensshdefaults" => CryptoPolicy.OpenSshDefaults,
            "hardened" or "hardenedopenssh9" => CryptoPolicy.HardenedOpenSsh9,
            _ => throw new InputRejectedException("crypto policy", $"'{text}' is not 'defaults' or 'hardened'."),
        };

    internal static string Seconds(TimeSpan span) => ((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture);

    private static void Range(string keyword, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new InputRejectedException(keyword, $"{value} is outside {min}-{max}.");
        }
    }
}
