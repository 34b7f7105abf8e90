using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class ValuePropertyTests
{
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";

    [Fact]
    public void A_parsed_user_name_is_config_safe_and_exactly_what_was_typed()
    {
        HostileText.CheckBothWays(
            HostileText.Mix(Lower + Lower + Digits + "-_", 36),
            text => LinuxUserName.TryParse(text, out var name, out _)
                ? HostileText.IsConfigSafe(name.Value) && name.Value == text && name.Value.Length <= 32 && !ReservedAccountNames.Contains(name.Value)
                : null);
    }

    [Fact]
    public void A_parsed_group_name_is_config_safe_and_exactly_what_was_typed()
    {
        HostileText.CheckBothWays(
            HostileText.Mix(Lower + Lower + Digits + "-_", 36),
            text => LinuxGroupName.TryParse(text, out var name, out _)
                ? HostileText.IsConfigSafe(name.Value) && name.Value == text
                : null);
    }

    [Fact]
    public void A_parsed_domain_is_lower_case_ascii_and_parses_to_itself()
    {
        var domains = HostileText.Joined(Lower + Lower + Digits + "-\u00fc\u00e9", 12, 4, ".");

        HostileText.CheckBothWays(
            domains,
            text => SiteDomain.TryParse(text, out var domain, out _)
                ? HostileText.IsConfigSafe(domain.Value)
                    && domain.Value == domain.Value.ToLowerInvariant()
                    && !domain.Value.EndsWith('.')
                    && SiteDomain.Parse(domain.Value) == domain
                    && SiteDomain.Parse(domain.Display) == domain
                    && HostileText.IsConfigSafe(domain.Reverse)
                : null);
    }

    [Fact]
    public void A_parsed_path_is_config_safe_normalised_and_parses_to_itself()
    {
        var paths = HostileText.Joined(Lower + Digits + "-_.", 10, 5, "/", prefix: "/");

        HostileText.CheckBothWays(
            paths,
            text => AbsolutePath.TryParse(text, out var path, out _)
                ? HostileText.IsConfigSafe(path.Value)
                    && path.Value.StartsWith('/')
                    && !path.Value.Contains("//", StringComparison.Ordinal)
                    && (path.Value == "/" || !path.Value.EndsWith('/'))
                    && path.Value.Split('/').All(s => s is not ("." or ".."))
                    && AbsolutePath.Parse(path.Value) == path
                : null);
    }
}
