using Microsoft.EntityFrameworkCore;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Data.Tests.Infrastructure;

/// <summary>A migrated in-memory database, a fake executor and the real service and audit log on top.</summary>
public sealed class SiteServiceFixture : IDisposable
{
    public static readonly Actor Staff = new("cli:tester");

    public const string AliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAXdcZ7+37gsoabaQq8k9rR+9v09vkMa9WMKIq0zjmn6 alice@laptop";
    public const string AliceFingerprint = "SHA256:/vLh8nkiKXRLlmUjabOAuvzOppfRNg2C4btg4q3ahxM";
    public const string BobKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJM/KygAZW947cjFuYkrjkQkP+ewv01tvcJ+yZoz6sJs";
    public const string BobFingerprint = "SHA256:rPvnhnm7MoPQYz6wVP3FO096NbLmsxtkjstlWasAhFw";

    public SiteServiceFixture()
    {
        Database = TestDatabase.Migrated();
        Db = Database.NewContext();
        Audit = new AuditLog(Db, Clock);
        Service = new SiteService(Db, Executor, Audit, Clock);
    }

    public TestDatabase Database { get; }

    public SftpJailDbContext Db { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    public FakeExecutor Executor { get; } = new();

    public AuditLog Audit { get; }

    public SiteService Service { get; }

    public async Task<OperationResult> AddSiteAsync(string domain, string? user = null, string? password = null, params string[] keys)
    {
        var result = await Service.AddSiteAsync(new NewSiteRequest(domain, user, password, keys), Staff);
        Clock.Advance(TimeSpan.FromMinutes(1));
        return result;
    }

    /// <summary>Counts through a fresh context so nothing cached in the service's context can hide a row.</summary>
    public (int Sites, int Users, int Keys) Counts()
    {
        using var db = Database.NewContext();
        return (db.Sites.Count(), db.SftpAccounts.Count(), db.AuthorizedKeys.Count());
    }

    public List<AuditEntry> AuditRows()
    {
        using var db = Database.NewContext();
        return db.AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToList();
    }

    public void Dispose()
    {
        Db.Dispose();
        Database.Dispose();
    }
}
