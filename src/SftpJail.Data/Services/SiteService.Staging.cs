using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>Validation and row building shared by the changes.</summary>
public sealed partial class SiteService
{
    private readonly record struct StagedAccount(SftpAccount? Account, IReadOnlyList<PasswordChange> Passwords, string? Invalid);

    /// <param name="save">False (a batch): the rows are only added, and the caller saves the whole batch once.</param>
    private async Task<Attempt> StageNewSiteAsync(NewSiteRequest request, CancellationToken cancellationToken, bool save = true)
    {
        var domain = SiteDomain.ParseNew(request.Domain);
        if (await NameClashAsync(domain, cancellationToken) is { } clash)
        {
            return Attempt.Reject($"domain: {clash}");
        }

        LinuxUserName? name;
        // Only a missing name is derived; an empty one is an input mistake and LinuxUserName refuses it below.
        if (request.UserName is null)
        {
            name = await FreeUserNameAsync(domain, cancellationToken);
            if (name is null)
            {
                return Attempt.Reject($"username: No free user name could be derived from {domain}; give one.");
            }
        }
        else
        {
            name = LinuxUserName.Parse(request.UserName);
        }

        if (request.CustomerAccountId is not null && !await db.Users.AnyAsync(u => u.Id == request.CustomerAccountId, cancellationToken))
        {
            return Attempt.Reject("customer: That panel account does not exist.");
        }

        var site = new Site { Domain = domain.Value, CreatedAt = time.GetUtcNow(), CustomerAccountId = request.CustomerAccountId };
        db.Sites.Add(site);
        var staged = await StageAccountAsync(site, name, request.Password, request.Keys, request.ReadOnly, request.KeyOnly, cancellationToken);
        if (staged.Invalid is not null)
        {
            return Attempt.Reject(staged.Invalid);
        }

        if (save)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        return new Change("site.add", site.Domain, null, SiteAuditView.Of(site), staged.Passwords, site.Domain);
    }

    /// <summary>Why <paramref name="domain"/> cannot be a new site: it exists, or it shares a served name (www.) with a site.</summary>
    private async Task<string?> NameClashAsync(SiteDomain domain, CancellationToken cancellationToken)
    {
        var candidates = SiteServerNames.Neighbours(domain).Prepend(domain.Value).ToList();
        var taken = await db.Sites.Where(s => candidates.Contains(s.Domain)).Select(s => s.Domain).ToListAsync(cancellationToken);
        return candidates.Where(taken.Contains).Select(d => SiteServerNames.Clash(domain, SiteDomain.Parse(d))).FirstOrDefault(c => c is not null);
    }

    private async Task<StagedAccount> StageAccountAsync(
        Site site, LinuxUserName name, string? password, IReadOnlyList<string>? keys, bool readOnly, bool keyOnly, CancellationToken cancellationToken)
    {
        var existing = await db.SftpAccounts.Where(a => a.UserName == name.Value).Select(a => a.Site!.Domain).FirstOrDefaultAsync(cancellationToken);
        if (existing is not null)
        {
            return new(null, [], UserExists(name.Value, existing));
        }

        return StageCheckedAccount(site, name, password, keys, readOnly, keyOnly);
    }

    /// <summary>The account's rows, once the database is known to have no user of that name (a batch asks for all its names at once).</summary>
    private StagedAccount StageCheckedAccount(Site site, LinuxUserName name, string? password, IReadOnlyList<string>? keys, bool readOnly, bool keyOnly)
    {
        if (password is not null && PasswordRules.Check(password) is { } problem)
        {
            return new(null, [], problem);
        }

        if (password is not null && keyOnly)
        {
            return new(null, [], KeyOnlyHasNoPassword(name.Value));
        }

        var account = new SftpAccount
        {
            UserName = name.Value,
            ReadOnly = readOnly,
            KeyOnly = keyOnly,
            HasPassword = password is not null,
            CreatedAt = time.GetUtcNow(),
        };
        if (keys is { Count: > 0 } && AddKeys(account, keys) is { } keyProblem)
        {
            return new(null, [], keyProblem);
        }

        site.Users.Add(account);
        return new(account, password is null ? [] : [new PasswordChange(name.Value, password)], null);
    }

    /// <summary>Parses every entry (each may hold several keys) and adds the keys; a key already present is refused.</summary>
    private string? AddKeys(SftpAccount account, IReadOnlyList<string> entries)
    {
        var parsed = entries.SelectMany((entry, i) => SshPublicKey.ParseMany(entry, entries.Count == 1 ? "key" : $"key entry {i + 1}")).ToList();
        if (parsed.Count == 0)
        {
            return "key: No SSH public key found in the text given.";
        }

        var now = time.GetUtcNow();
        foreach (var key in parsed)
        {
            if (account.Keys.Any(k => k.Fingerprint == key.Fingerprint))
            {
                return $"key: {account.UserName} already has the key {key.Fingerprint}.";
            }

            account.Keys.Add(new AuthorizedKey
            {
                Algorithm = key.Algorithm,
                Fingerprint = key.Fingerprint,
                Comment = key.Comment,
                Line = key.ToAuthorizedKeysLine(),
                AddedAt = now,
            });
        }

        return null;
    }

    private Task<Site?> LoadSiteAsync(string domain, CancellationToken cancellationToken)
    {
        var parsed = SiteDomain.Parse(domain);
        return db.Sites.Include(s => s.Users).ThenInclude(u => u.Keys).AsSplitQuery().FirstOrDefaultAsync(s => s.Domain == parsed.Value, cancellationToken);
    }

    private Task<SftpAccount?> LoadAccountAsync(string userName, CancellationToken cancellationToken)
    {
        var parsed = LinuxUserName.Parse(userName);
        return db.SftpAccounts.Include(a => a.Site).Include(a => a.Keys).FirstOrDefaultAsync(a => a.UserName == parsed.Value, cancellationToken);
    }

    private static string KeyOnlyHasNoPassword(string userName) =>
        $"password: {userName} is key-only: sshd refuses every password login for it, so a password would never be used. It logs in with its keys.";

    private static string UserExists(string userName, string domain) => $"username: The user {userName} already exists (site {domain}).";

    private static string UserTarget(string domain, string userName) => $"{domain}/{userName}";

    private static string NoSuchSite(string domain) => $"domain: There is no site {OneLine(domain)}.";

    private static string NoSuchUser(string userName) => $"username: There is no user {OneLine(userName)}.";
}
