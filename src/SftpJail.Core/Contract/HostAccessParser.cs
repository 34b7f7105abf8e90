using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;

namespace SftpJail.Core.Contract;

/// <summary>Parses the host-access parts of a desired state (admins, hardening, enrolment), refusing anything invalid with one clear message.</summary>
public static class HostAccessParser
{
    public static IReadOnlyList<AdminAccountSpec> ParseAdmins(IReadOnlyList<AdminDto>? admins)
    {
        var parsed = new List<AdminAccountSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var dto in admins ?? [])
        {
            var name = LinuxUserName.Parse(dto.Name, "admin name");
            if (!names.Add(name.Value))
            {
                throw new InputRejectedException("admin name", $"The admin {name} is listed twice.");
            }

            var keys = (dto.Keys ?? []).SelectMany((text, i) => SshPublicKey.ParseMany(text, $"key {i + 1} of admin {name}")).ToList();
            if (keys.Select(k => k.Base64Blob).Distinct(StringComparer.Ordinal).Count() != keys.Count)
            {
                throw new InputRejectedException("keys", $"The admin {name} has the same key twice.");
            }

            parsed.Add(new AdminAccountSpec(name, keys));
        }

        return parsed.OrderBy(a => a.Name.Value, StringComparer.Ordinal).ToList();
    }

    public static SshHardening? ParseHardening(HardeningDto? dto) =>
        dto is null || !dto.Enabled
            ? null
            : SshHardening.Create(dto.DenyRootLogin, dto.DenyPasswordLogin, dto.MaxAuthTries, dto.LoginGraceSeconds,
                dto.ClientAliveIntervalSeconds, dto.ClientAliveCountMax, dto.MaxStartups, dto.CryptoPolicy);

    /// <summary>The window, or null; its admin must be one of <paramref name="admins"/>. Whether it is still open is decided at render time.</summary>
    /// <param name="now">When given, a window reaching further than <see cref="EnrolmentWindow.MaxLength"/> from now is refused.</param>
    public static EnrolmentWindow? ParseEnrolment(EnrolmentDto? dto, IReadOnlyList<AdminAccountSpec> admins, DateTimeOffset? now = null)
    {
        if (dto is null)
        {
            return null;
        }

        var admin = LinuxUserName.Parse(dto.Admin, "enrolment admin");
        if (!admins.Any(a => a.Name == admin))
        {
            throw new InputRejectedException("enrolment admin", $"{admin} is not an admin account; add the admin first.");
        }

        if (now is { } at && dto.ExpiresAtUtc > at + EnrolmentWindow.MaxLength)
        {
            throw new InputRejectedException("enrolment window", $"The window for {admin} would stay open longer than {EnrolmentWindow.MaxLength.TotalMinutes:0} minutes.");
        }

        return new EnrolmentWindow(admin, dto.ExpiresAtUtc.ToUniversalTime());
    }
}
