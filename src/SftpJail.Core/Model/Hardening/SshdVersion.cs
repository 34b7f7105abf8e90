using System.Globalization;
using System.Text.RegularExpressions;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>
/// The running OpenSSH release, read from the first line of <c>sshd -V</c> ("OpenSSH_9.2p1 Debian-2, OpenSSL …").
/// Renderers use it to emit only keywords and algorithms that release understands: an unknown keyword makes
/// <c>sshd -t</c> fail and would block every apply.
/// </summary>
public sealed partial record SshdVersion(int Major, int Minor)
{
    /// <summary>Per-source penalties (sshd_config(5) PerSourcePenalties) arrived in OpenSSH 9.8.</summary>
    public static SshdVersion PerSourcePenalties { get; } = new(9, 8);

    /// <summary>RequiredRSASize arrived in OpenSSH 9.1.</summary>
    public static SshdVersion RequiredRsaSize { get; } = new(9, 1);

    /// <summary>KbdInteractiveAuthentication replaced ChallengeResponseAuthentication in OpenSSH 8.7.</summary>
    public static SshdVersion KbdInteractiveKeyword { get; } = new(8, 7);

    /// <summary>The post-quantum hybrid key exchange sntrup761x25519-sha512@openssh.com arrived in OpenSSH 8.5.</summary>
    public static SshdVersion SntrupKex { get; } = new(8, 5);

    [GeneratedRegex(@"OpenSSH_(\d{1,3})\.(\d{1,3})")]
    private static partial Regex Shape();

    public static SshdVersion Parse(string? versionText)
    {
        var match = versionText is null ? null : Shape().Match(versionText);
        if (match is null || !match.Success)
        {
            throw new InputRejectedException("sshd version", $"'{versionText?.Trim()}' does not name an OpenSSH release (expected OpenSSH_X.Y).");
        }

        return new SshdVersion(
            int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    public bool AtLeast(SshdVersion other) => Major != other.Major ? Major > other.Major : Minor >= other.Minor;

    public override string ToString() => $"OpenSSH_{Major}.{Minor}";
}
