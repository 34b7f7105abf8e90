using System.Collections.Immutable;

namespace SftpJail.Host.Tests.Model;

/// <summary>
/// Produces a random but valid sequence of panel changes from a seed: every operation picks an existing site or user,
/// and every user keeps at least one way to log in. The same seed always gives the same sequence (names differ only by
/// <see cref="userPrefix"/>), so a failure can be replayed.
/// </summary>
public sealed class OperationGenerator
{
    public const int MaxSites = 3;
    public const int MaxLiveUsers = 6;

    /// <summary>Distinct user names over a whole run (live and removed): removed users are re-checked after every step.</summary>
    public const int MaxUserNames = 10;

    private const int MaxDomains = 5;

    private readonly Random random;
    private readonly string userPrefix;
    private readonly int keyPoolSize;
    private int usedNames;
    private int usedDomains;
    private JailModel model = JailModel.Empty;
    private readonly HashSet<string> removedDomains = new(StringComparer.Ordinal);

    private OperationGenerator(int seed, string userPrefix, int keyPoolSize)
    {
        random = new Random(seed);
        this.userPrefix = userPrefix;
        this.keyPoolSize = keyPoolSize;
    }

    /// <param name="userPrefix">Prepended to every user name (the host's unique prefix).</param>
    /// <param name="count">Overrides the seed's length (30–50); the sequence is then a prefix or extension of the seed's.</param>
    public static IReadOnlyList<ModelOperation> Generate(int seed, string userPrefix, int keyPoolSize, int? count = null)
    {
        var generator = new OperationGenerator(seed, userPrefix, keyPoolSize);
        var length = generator.random.Next(30, 51);
        return Enumerable.Range(0, count ?? length).Select(_ => generator.Next()).ToList();
    }

    private ModelOperation Next()
    {
        var operation = Pick(Candidates().ToList());
        model = operation.ApplyTo(model);
        if (operation is RemoveSite removed)
        {
            removedDomains.Add(removed.Domain);
        }
        else if (operation is AddSite added)
        {
            removedDomains.Remove(added.Domain);
        }

        return operation;
    }

    private IEnumerable<(int Weight, Func<ModelOperation> Make)> Candidates()
    {
        var users = model.Users.Select(pair => pair.User).ToList();
        var canAddUser = users.Count < MaxLiveUsers && (usedNames < MaxUserNames || !model.Removed.IsEmpty);
        if (model.Sites.Count < MaxSites && canAddUser && (usedDomains < MaxDomains || removedDomains.Count > 0))
        {
            yield return (model.Sites.IsEmpty ? 100 : 2, () => new AddSite(NewDomain(), NewUser()));
        }

        if (!model.Sites.IsEmpty && canAddUser)
        {
            yield return (4, () => new AddUser(PickOne(model.Sites).Domain, NewUser()));
        }

        var keyAddable = users.Where(u => u.Keys.Count < keyPoolSize).ToList();
        if (keyAddable.Count > 0)
        {
            yield return (3, () => With(keyAddable, u => new AddKey(u.Name, PickOne(Enumerable.Range(0, keyPoolSize).Except(u.Keys)))));
        }

        // A user keeps a way in: its last key goes only if it can use a password.
        var keyRemovable = users.Where(u => u.Keys.Count > 1 || (u.Keys.Count == 1 && u.CanUsePassword)).ToList();
        if (keyRemovable.Count > 0)
        {
            yield return (2, () => With(keyRemovable, u => new RemoveKey(u.Name, PickOne(u.Keys))));
        }

        if (users.Count > 0)
        {
            yield return (2, () => With(users, u => new SetReadOnly(u.Name, !u.ReadOnly)));
            yield return (2, () => With(users, u => new SetUserDisabled(u.Name, !u.Disabled)));
        }

        // The panel sets no password for a key-only user (sshd would never use it).
        var passwordUsers = users.Where(u => !u.KeyOnly).ToList();
        if (passwordUsers.Count > 0)
        {
            yield return (2, () => With(passwordUsers, u => new ResetPassword(u.Name, NewPassword())));
        }

        // Key-only on needs a key; off is always safe (a key-only user has one).
        var keyOnlyToggles = users.Where(u => u.KeyOnly || !u.Keys.IsEmpty).ToList();
        if (keyOnlyToggles.Count > 0)
        {
            yield return (1, () => With(keyOnlyToggles, u => new SetKeyOnly(u.Name, !u.KeyOnly)));
        }

        if (!model.Sites.IsEmpty)
        {
            yield return (1, () => With(model.Sites, s => new SetSiteEnabled(s.Domain, !s.Enabled)));
            yield return (1, () => With(model.Sites, s => new RemoveSite(s.Domain)));
        }

        if (users.Count > 1)
        {
            yield return (2, () => With(users, u => new RemoveUser(u.Name)));
        }
    }

    /// <summary>
    /// Mostly password users, some with a key too; some key-only, and a few with only a key but not key-only (both
    /// without a password, as the panel creates them). A removed name comes back now and then, as a returning customer
    /// would. A key-only user with a password comes from turning key-only on later.
    /// </summary>
    private ModelUser NewUser()
    {
        var name = usedNames < MaxUserNames && (model.Removed.IsEmpty || random.Next(4) > 0)
            ? $"{userPrefix}u{++usedNames:00}"
            : PickOne(model.Removed.Keys.Order(StringComparer.Ordinal));
        var kind = random.Next(100);
        var password = kind < 75 ? NewPassword() : null;
        var keys = kind < 40 ? [] : ImmutableList.Create(random.Next(keyPoolSize));
        var keyOnly = kind is >= 75 and < 90;
        return new ModelUser(name, password, keys, keyOnly, ReadOnly: random.Next(5) == 0, Disabled: false);
    }

    private string NewDomain() =>
        usedDomains < MaxDomains && (removedDomains.Count == 0 || random.Next(3) > 0)
            ? $"m{++usedDomains}.example"
            : PickOne(removedDomains.Order(StringComparer.Ordinal));

    private string NewPassword() => $"Pw-{random.Next():x8}-{random.Next():x8}";

    private ModelOperation Pick(IReadOnlyList<(int Weight, Func<ModelOperation> Make)> candidates)
    {
        var roll = random.Next(candidates.Sum(c => c.Weight));
        foreach (var (weight, make) in candidates)
        {
            if (roll < weight)
            {
                return make();
            }

            roll -= weight;
        }

        throw new InvalidOperationException("no operation picked");
    }

    /// <summary>The operation <paramref name="make"/> builds for one of <paramref name="items"/>, picked at random.</summary>
    private ModelOperation With<T>(IEnumerable<T> items, Func<T, ModelOperation> make) => make(PickOne(items));

    private T PickOne<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        return list[random.Next(list.Count)];
    }
}
