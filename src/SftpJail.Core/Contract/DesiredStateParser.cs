using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Contract;

/// <summary>Turns the wire form into the typed model, refusing anything invalid or contradictory with one clear message.</summary>
public static class DesiredStateParser
{
    /// <param name="now">When given, an enrolment window reaching more than an hour past it is refused.</param>
    public static DesiredState Parse(DesiredStateDto dto, HostProfile profile, DateTimeOffset? now = null)
    {
        var sites = new List<SiteSpec>();
        var domains = new HashSet<string>(StringComparer.Ordinal);
        var users = new HashSet<string>(StringComparer.Ordinal);
        foreach (var siteDto in dto.Sites ?? [])
        {
            var domain = SiteDomain.Parse(siteDto.Domain);
            if (!domains.Add(domain.Value))
            {
                throw new InputRejectedException("domain", $"The site {domain} is listed twice.");
            }

            var siteUsers = new List<JailUserSpec>();
            foreach (var userDto in siteDto.Users ?? [])
            {
                var name = LinuxUserName.Parse(userDto.Name);
                if (!users.Add(name.Value))
                {
                    throw new InputRejectedException("username", $"The user {name} is listed twice; a user belongs to exactly one site.");
                }

                if (ConfiguredGroups.Role(profile, name.Value) is { } group)
                {
                    throw new InputRejectedException("username", $"'{name}' is the name of {group} on this host; choose another username.");
                }

                var keys = (userDto.Keys ?? []).Select((key, i) => SshPublicKey.Parse(key, $"key {i + 1} of {name}")).ToList();
                if (keys.Select(k => k.Base64Blob).Distinct(StringComparer.Ordinal).Count() != keys.Count)
                {
                    throw new InputRejectedException("keys", $"The user {name} has the same key twice.");
                }

                siteUsers.Add(new JailUserSpec(name, userDto.ReadOnly, userDto.KeyOnly, userDto.Disabled, keys));
            }

            sites.Add(new SiteSpec(domain, siteDto.Enabled, siteUsers) { DiskLimit = DiskLimit.FromNullableMebibytes(siteDto.DiskLimitMiB, $"disk limit of {domain}") });
        }

        var admins = HostAccessParser.ParseAdmins(dto.Admins);
        foreach (var admin in admins)
        {
            if (users.Contains(admin.Name.Value) || admin.Name.Value == profile.JailGroup.Value || admin.Name.Value == profile.WebGroup.Value || admin.Name.Value == profile.AdminGroup.Value
                || profile.TraitGroups.Any(g => g.Value == admin.Name.Value))
            {
                throw new InputRejectedException("admin name", $"'{admin.Name}' is already a jailed user or a group SftpJail uses; an admin needs a name of its own.");
            }
        }

        return new DesiredState(sites.OrderBy(s => s.Domain.Value, StringComparer.Ordinal).ToList())
        {
            Admins = admins,
            Hardening = HostAccessParser.ParseHardening(dto.Hardening),
            Enrolment = HostAccessParser.ParseEnrolment(dto.Enrolment, admins, now),
        };
    }
}
