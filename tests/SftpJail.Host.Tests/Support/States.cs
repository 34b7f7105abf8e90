using SftpJail.Core.Contract;

namespace SftpJail.Host.Tests.Support;

/// <summary>Short builders for desired states in tests.</summary>
public static class States
{
    public static DesiredStateDto Of(params SiteDto[] sites) => new(sites);

    public static SiteDto Site(string domain, params JailUserDto[] users) => new(domain, true, users);

    public static JailUserDto User(string name, bool readOnly = false, bool keyOnly = false, bool disabled = false, params string[] keys) =>
        new(name, readOnly, keyOnly, disabled, keys);
}
