using SftpJail.Data.Activity;
using SftpJail.Data.Entities;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Activity;

public sealed class SiteLastLoginsTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDatabase database = TestDatabase.Migrated();

    public void Dispose() => database.Dispose();

    [Fact]
    public async Task Each_site_gets_the_latest_successful_login_of_any_of_its_users()
    {
        int one, two, quiet;
        using (var db = database.NewContext())
        {
            var sites = new[] { "one.example", "two.example", "quiet.example" }.Select(d => new Site { Domain = d }).ToList();
            db.Sites.AddRange(sites);
            db.SaveChanges();
            (one, two, quiet) = (sites[0].Id, sites[1].Id, sites[2].Id);
            db.Set<ActivityLogin>().AddRange(
                Login(one, "alice", Start, true),
                Login(one, "bob", Start.AddHours(2), true),
                Login(one, "alice", Start.AddHours(5), false),
                Login(two, "carol", Start.AddMinutes(1), true),
                Login(quiet, "dave", Start.AddDays(1), false));
            db.SaveChanges();
        }

        using var context = database.NewContext();
        var latest = await new SiteLastLogins(context).LatestSuccessAsync([one, two, quiet]);

        Assert.Equal(Start.AddHours(2), latest[one]);
        Assert.Equal(Start.AddMinutes(1), latest[two]);
        Assert.False(latest.ContainsKey(quiet), "a failed attempt is not a login");
        Assert.Empty(await new SiteLastLogins(context).LatestSuccessAsync([]));
    }

    private static ActivityLogin Login(int siteId, string user, DateTimeOffset at, bool succeeded) =>
        new() { SiteId = siteId, UserName = user, At = at, Succeeded = succeeded, Method = "password", Address = "192.0.2.1", Port = 40000 };
}
