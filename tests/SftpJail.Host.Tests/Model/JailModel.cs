using System.Collections.Immutable;
using SftpJail.Core.Contract;

namespace SftpJail.Host.Tests.Model;

/// <summary>A jailed user as the model sees it. <see cref="Keys"/> are indexes into the test's key pool.</summary>
/// <param name="Password">The last password set, or null when none was ever set.</param>
public sealed record ModelUser(string Name, string? Password, ImmutableList<int> Keys, bool KeyOnly, bool ReadOnly, bool Disabled)
{
    public bool CanUsePassword => !KeyOnly && Password is not null;

    public bool HasLoginMethod => CanUsePassword || !Keys.IsEmpty;
}

/// <summary>A site; its first user owns html/.</summary>
public sealed record ModelSite(string Domain, bool Enabled, ImmutableList<ModelUser> Users);

/// <summary>
/// The desired state as a pure value, plus what the model remembers of users that are gone (their last password and
/// keys, to prove they no longer get in). Every change returns a new model.
/// </summary>
public sealed record JailModel(ImmutableList<ModelSite> Sites, ImmutableDictionary<string, ModelUser> Removed)
{
    public static JailModel Empty { get; } = new([], ImmutableDictionary<string, ModelUser>.Empty.WithComparers(StringComparer.Ordinal));

    public IEnumerable<(ModelSite Site, ModelUser User)> Users => Sites.SelectMany(site => site.Users.Select(user => (site, user)));

    public ModelSite Site(string domain) => Sites.Single(s => s.Domain == domain);

    public (ModelSite Site, ModelUser User) User(string name) => Users.Single(pair => pair.User.Name == name);

    public JailModel WithSite(ModelSite site) => this with
    {
        Sites = Sites.Add(site),
        Removed = Removed.RemoveRange(site.Users.Select(u => u.Name)),
    };

    public JailModel ChangeSite(string domain, Func<ModelSite, ModelSite> change)
    {
        var site = Site(domain);
        return this with { Sites = Sites.Replace(site, change(site)) };
    }

    public JailModel WithoutSite(string domain)
    {
        var site = Site(domain);
        return this with { Sites = Sites.Remove(site), Removed = Removed.SetItems(site.Users.Select(u => KeyValuePair.Create(u.Name, u))) };
    }

    public JailModel WithUser(string domain, ModelUser user) =>
        ChangeSite(domain, site => site with { Users = site.Users.Add(user) }) with { Removed = Removed.Remove(user.Name) };

    public JailModel ChangeUser(string name, Func<ModelUser, ModelUser> change)
    {
        var (site, user) = User(name);
        return ChangeSite(site.Domain, s => s with { Users = s.Users.Replace(user, change(user)) });
    }

    public JailModel WithoutUser(string name)
    {
        var (site, user) = User(name);
        return ChangeSite(site.Domain, s => s with { Users = s.Users.Remove(user) }) with { Removed = Removed.SetItem(name, user) };
    }

    /// <summary>The wire form the panel would send for this model, in the model's order (the first user owns html/).</summary>
    public DesiredStateDto ToDto(IReadOnlyList<string> keyPool) =>
        new(Sites.Select(site => new SiteDto(
                site.Domain,
                site.Enabled,
                site.Users.Select(u => new JailUserDto(u.Name, u.ReadOnly, u.KeyOnly, u.Disabled, u.Keys.Select(k => keyPool[k]).ToList())).ToList()))
            .ToList());
}
