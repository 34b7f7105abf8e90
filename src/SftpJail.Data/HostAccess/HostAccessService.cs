using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using SftpJail.Data.Audit;
using SftpJail.Data.Entities;
using SftpJail.Data.Services;

namespace SftpJail.Data.HostAccess;

/// <inheritdoc cref="IHostAccessService"/>
public sealed class HostAccessService(SftpJailDbContext db, ISiteService sites, IExecutorGateway executor, IAuditLog audit, TimeProvider time, ChangeQueueNotices? notices = null) : IHostAccessService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<HostAccessView> GetAsync(CancellationToken cancellationToken = default)
    {
        var state = await LoadAsync(cancellationToken);
        return new HostAccessView(state.Admins.Select(View).ToList(), state.Hardening, state.Enrolment);
    }

    public Task<OperationResult> AddAdminAsync(string name, IReadOnlyList<string> keys, string? password, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "admin.add", name, state =>
        {
            var admin = LinuxUserName.Parse(name, "admin name");
            if (state.Admins.Any(a => a.Name == admin.Value))
            {
                throw new InputRejectedException("admin name", $"{admin} is already an admin.");
            }

            var parsed = keys.SelectMany((text, i) => SshPublicKey.ParseMany(text, $"key {i + 1}")).ToList();
            return state with { Admins = [.. state.Admins, new AdminDto(admin.Value, Distinct(parsed))] };
        }, Passwords(name, password), cancellationToken);

    public Task<OperationResult> RemoveAdminAsync(string name, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "admin.remove", name, state =>
        {
            var admin = Find(state, name);
            return state with
            {
                Admins = state.Admins.Where(a => a != admin).ToList(),
                Enrolment = state.Enrolment?.Admin == admin.Name ? null : state.Enrolment,
            };
        }, [], cancellationToken);

    public Task<OperationResult> AddAdminKeyAsync(string name, string keyText, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "admin.key.add", name, state =>
        {
            var admin = Find(state, name);
            var existing = admin.Keys.Select(k => SshPublicKey.Parse(k)).ToList();
            var added = SshPublicKey.ParseMany(keyText, "key");
            if (added.Any(k => existing.Any(e => e.Base64Blob == k.Base64Blob)))
            {
                throw new InputRejectedException("key", $"{admin.Name} already has this key.");
            }

            return Replace(state, admin, admin with { Keys = Distinct([.. existing, .. added]) });
        }, [], cancellationToken);

    public Task<OperationResult> RemoveAdminKeyAsync(string name, string fingerprint, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "admin.key.remove", name, state =>
        {
            var admin = Find(state, name);
            var keys = admin.Keys.Select(k => SshPublicKey.Parse(k)).ToList();
            if (!keys.Any(k => k.Fingerprint == fingerprint))
            {
                throw new InputRejectedException("fingerprint", $"{admin.Name} has no key {fingerprint}.");
            }

            return Replace(state, admin, admin with { Keys = Distinct(keys.Where(k => k.Fingerprint != fingerprint)) });
        }, [], cancellationToken);

    public Task<OperationResult> ApplyHardeningAsync(HardeningDto hardening, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "hardening.apply", "sshd", state =>
        {
            _ = HostAccessParser.ParseHardening(hardening);
            return state with { Hardening = hardening };
        }, [], cancellationToken);

    public Task<OperationResult> OpenEnrolmentAsync(string admin, TimeSpan length, string? password, Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "enrolment.open", admin, state =>
        {
            var found = Find(state, admin);
            var window = EnrolmentWindow.Open(LinuxUserName.Parse(found.Name), length, time.GetUtcNow());
            return state with { Enrolment = new EnrolmentDto(found.Name, window.ExpiresAtUtc) };
        }, Passwords(admin, password), cancellationToken);

    public Task<OperationResult> CloseEnrolmentAsync(Actor actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(actor, "enrolment.close", "sshd", state =>
        {
            var now = time.GetUtcNow();
            if (state.Enrolment is not { } window || window.ExpiresAtUtc <= now)
            {
                throw new InputRejectedException("enrolment window", "No enrolment window is open.");
            }

            return state with { Enrolment = window with { ExpiresAtUtc = now } };
        }, [], cancellationToken);

    /// <summary>In the database's one queue of changes, like the site service's (see <see cref="Storage.ChangeQueue"/>).</summary>
    private async Task<OperationResult> ChangeAsync(
        Actor actor,
        string action,
        string target,
        Func<HostAccessState, HostAccessState> change,
        IReadOnlyList<PasswordChange> passwords,
        CancellationToken cancellationToken)
    {
        await using var turn = await Storage.ChangeQueue.For(db.Database.GetConnectionString()).EnterAsync(notices is null ? null : notices.Queued, cancellationToken);
        return await ChangeInTurnAsync(actor, action, target, change, passwords, cancellationToken);
    }

    private async Task<OperationResult> ChangeInTurnAsync(
        Actor actor,
        string action,
        string target,
        Func<HostAccessState, HostAccessState> change,
        IReadOnlyList<PasswordChange> passwords,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var before = await LoadAsync(cancellationToken);
        HostAccessState after;
        try
        {
            after = change(before);
        }
        catch (InputRejectedException rejected)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return OperationResult.Invalid(SiteService.OneLine(rejected.Message));
        }

        await SaveAsync(after, cancellationToken);
        var state = (await sites.BuildDesiredStateAsync(cancellationToken)) with
        {
            Admins = after.Admins,
            Hardening = after.Hardening,
            Enrolment = after.Enrolment,
            Generation = await StateGeneration.NextAsync(db, time, cancellationToken: cancellationToken),
        };
        ApplyResult result;
        var threw = false;
        try
        {
            result = await executor.ApplyAsync(state, passwords, cancellationToken);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            (result, threw) = (ApplyResult.Failed($"The executor is unavailable or failed: {failure.Message}"), true);
        }

        var detail = result.Applied.Count == 0 ? null : string.Join('\n', result.Applied.Select(s => SiteService.OneLine(s.ToString())));
        if (result.Succeeded)
        {
            var applied = await audit.AppendAsync(actor, action, target, Audited(before), Audited(after), AuditResults.Applied, detail: detail, cancellationToken: CancellationToken.None);
            await transaction.CommitAsync(CancellationToken.None);
            return new OperationResult(true, null, result.Applied, applied.Id);
        }

        await transaction.RollbackAsync(CancellationToken.None);
        db.ChangeTracker.Clear();
        var error = SiteService.OneLine(result.Error ?? "The executor did not say why.");
        var outcome = threw || !result.IsRefusal ? AuditResults.Failed : AuditResults.Refused;
        var entry = await audit.AppendAsync(actor, action, target, Audited(before), Audited(after), outcome, error, detail, CancellationToken.None);
        return new OperationResult(false, error, result.Applied, entry.Id);
    }

    private async Task<HostAccessState> LoadAsync(CancellationToken cancellationToken)
    {
        var rows = await db.Set<HostSetting>().AsNoTracking().ToDictionaryAsync(s => s.Name, s => s.Json, cancellationToken);
        return new HostAccessState(
            rows.TryGetValue(HostSetting.Admins, out var admins) ? JsonSerializer.Deserialize<List<AdminDto>>(admins, Json) ?? [] : [],
            rows.TryGetValue(HostSetting.Hardening, out var hardening) ? JsonSerializer.Deserialize<HardeningDto>(hardening, Json) ?? HardeningDto.Off : HardeningDto.Off,
            rows.TryGetValue(HostSetting.Enrolment, out var enrolment) ? JsonSerializer.Deserialize<EnrolmentDto>(enrolment, Json) : null);
    }

    private async Task SaveAsync(HostAccessState state, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var values = new Dictionary<string, string?>
        {
            [HostSetting.Admins] = JsonSerializer.Serialize(state.Admins, Json),
            [HostSetting.Hardening] = JsonSerializer.Serialize(state.Hardening, Json),
            [HostSetting.Enrolment] = state.Enrolment is null ? null : JsonSerializer.Serialize(state.Enrolment, Json),
        };
        foreach (var (name, json) in values)
        {
            var row = await db.Set<HostSetting>().FindAsync([name], cancellationToken);
            if (json is null)
            {
                if (row is not null)
                {
                    db.Remove(row);
                }
            }
            else if (row is null)
            {
                db.Add(new HostSetting { Name = name, Json = json, UpdatedAt = now });
            }
            else if (row.Json != json)
            {
                (row.Json, row.UpdatedAt) = (json, now);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private static AdminDto Find(HostAccessState state, string name)
    {
        var parsed = LinuxUserName.Parse(name, "admin name");
        return state.Admins.FirstOrDefault(a => a.Name == parsed.Value) ?? throw new InputRejectedException("admin name", $"{parsed} is not an admin.");
    }

    private static HostAccessState Replace(HostAccessState state, AdminDto old, AdminDto replacement) =>
        state with { Admins = state.Admins.Select(a => a == old ? replacement : a).ToList() };

    private static List<string> Distinct(IEnumerable<SshPublicKey> keys) =>
        keys.DistinctBy(k => k.Base64Blob).Select(k => k.ToAuthorizedKeysLine()).ToList();

    private static IReadOnlyList<PasswordChange> Passwords(string name, string? password) =>
        password is null ? [] : [new PasswordChange(name, password)];

    private static AdminView View(AdminDto admin) =>
        new(admin.Name, admin.Keys.Select(k => SshPublicKey.Parse(k)).Select(k => new AdminKeyView(k.Algorithm, k.Fingerprint, k.Comment)).ToList());

    /// <summary>What the audit row shows: names, key fingerprints, the profile and the window; never a password.</summary>
    private static object Audited(HostAccessState state) => new
    {
        admins = state.Admins.Select(View).Select(a => new { a.Name, keys = a.Keys.Select(k => k.Fingerprint) }),
        hardening = state.Hardening,
        enrolment = state.Enrolment,
    };

    private sealed record HostAccessState(IReadOnlyList<AdminDto> Admins, HardeningDto Hardening, EnrolmentDto? Enrolment);
}
