using SftpJail.Core.Model;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

public sealed class ValueOrderingTests
{
    [Fact]
    public void Sorts_the_key_file_paths_of_many_keyed_users()
    {
        // HostInspector sorts the authorized_keys files it finds; with two keyed users the sort used to throw.
        var profile = new HostProfileOptions().ToProfile();
        var names = Enumerable.Range(0, 500).Select(i => LinuxUserName.Parse($"user{(i * 7919) % 500:D3}")).ToList();
        var paths = names.Select(profile.AuthorizedKeysFileFor).ToList();

        var sorted = paths.Order().Select(p => p.Value).ToList();

        Assert.Equal(paths.Select(p => p.Value).Order(StringComparer.Ordinal), sorted);
    }

    [Fact]
    public void Orders_user_names_group_names_and_domains_ordinally()
    {
        Assert.Equal(["a-b", "a_b", "ab"], new[] { "ab", "a_b", "a-b" }.Select(n => LinuxUserName.Parse(n)).Order().Select(n => n.Value));
        Assert.Equal(["wheel", "www-data"], new[] { "www-data", "wheel" }.Select(n => LinuxGroupName.Parse(n)).Order().Select(n => n.Value));
        Assert.Equal(["a.example", "b.example"], new[] { "b.example", "a.example" }.Select(d => SiteDomain.Parse(d)).Order().Select(d => d.Value));
        Assert.True(Comparer<AbsolutePath>.Default.Compare(AbsolutePath.Parse("/a-b"), AbsolutePath.Parse("/a/b")) < 0);
    }
}
