using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using SftpJail.Data.Entities;

namespace SftpJail.Data.Services;

/// <summary>
/// What a change did to the site, account and key rows, recorded while it saves them: per row, the values of the
/// columns it changed, before and after. <see cref="UndoAsync"/> puts back each column only while it still holds what
/// this change wrote, so an undo never overwrites a later write (a customer attached meanwhile, say). Changes to the
/// same site or user do not overlap in flight (the pipeline makes the second wait), so rows this change added or
/// removed are its own. Passwords are never in these rows.
/// </summary>
public sealed class UndoLog
{
    private static readonly Dictionary<string, Type> Types = new(StringComparer.Ordinal)
    {
        [nameof(Site)] = typeof(Site),
        [nameof(SftpAccount)] = typeof(SftpAccount),
        [nameof(AuthorizedKey)] = typeof(AuthorizedKey),
    };

    private readonly List<Row> rows;

    public UndoLog()
        : this([])
    {
    }

    private UndoLog(List<Row> rows) => this.rows = rows;

    public bool IsEmpty => rows.Count == 0;

    public static UndoLog Parse(string json) => new(JsonSerializer.Deserialize<List<Row>>(json) ?? []);

    public string ToJson() => JsonSerializer.Serialize(rows);

    /// <summary>The domains of the site rows it added, changed or removed.</summary>
    public IEnumerable<string> Sites() => Values(nameof(Site), nameof(Site.Domain));

    /// <summary>The user names of the account rows it added, changed or removed.</summary>
    public IEnumerable<string> Users() => Values(nameof(SftpAccount), nameof(SftpAccount.UserName));

    /// <summary>Records every save of <paramref name="db"/> until disposed.</summary>
    public IDisposable Record(DbContext db) => new Recorder(db, this);

    /// <summary>Puts the rows back as they were before the change, in the caller's transaction.</summary>
    public async Task UndoAsync(DbContext db, CancellationToken cancellationToken)
    {
        foreach (var row in Enumerable.Reverse(rows))
        {
            var type = Types[row.Type];
            var entityType = db.Model.FindEntityType(type)!;
            var existing = await db.FindAsync(type, [row.Id], cancellationToken);
            switch (row.Kind)
            {
                case RowKind.Added when existing is not null:
                    db.Remove(existing);
                    break;
                case RowKind.Modified when existing is not null:
                    var entry = db.Entry(existing);
                    foreach (var (name, after) in row.After!)
                    {
                        var property = entry.Property(name);
                        if (Equals(property.CurrentValue, Read(entityType, name, after)))
                        {
                            property.CurrentValue = Read(entityType, name, row.Before![name]);
                        }
                    }

                    break;
                case RowKind.Deleted when existing is null:
                    var restored = Activator.CreateInstance(type)!;
                    foreach (var (name, before) in row.Before!)
                    {
                        entityType.FindProperty(name)!.PropertyInfo!.SetValue(restored, Read(entityType, name, before));
                    }

                    db.Add(restored);
                    break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    private IEnumerable<string> Values(string type, string property) =>
        rows.Where(r => r.Type == type)
            .SelectMany(r => new[] { r.Before, r.After })
            .Select(values => values is not null && values.TryGetValue(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);

    private static object? Read(IEntityType entityType, string name, JsonElement value) =>
        value.Deserialize(entityType.FindProperty(name)!.ClrType);

    private static Dictionary<string, JsonElement> Snapshot(EntityEntry entry, Func<PropertyEntry, bool> include, bool original) =>
        entry.Properties.Where(include).ToDictionary(
            p => p.Metadata.Name,
            p => JsonSerializer.SerializeToElement(original ? p.OriginalValue : p.CurrentValue, p.Metadata.ClrType),
            StringComparer.Ordinal);

    public enum RowKind
    {
        Added,
        Modified,
        Deleted,
    }

    /// <summary>One row's change: for Added its values after, for Deleted before, for Modified the changed columns both ways.</summary>
    public sealed record Row(RowKind Kind, string Type, int Id, Dictionary<string, JsonElement>? Before, Dictionary<string, JsonElement>? After);

    private sealed class Recorder : IDisposable
    {
        private readonly DbContext db;
        private readonly UndoLog log;
        private readonly List<Row> saving = [];
        private readonly List<EntityEntry> adding = [];

        public Recorder(DbContext db, UndoLog log)
        {
            (this.db, this.log) = (db, log);
            db.SavingChanges += OnSaving;
            db.SavedChanges += OnSaved;
            db.SaveChangesFailed += OnFailed;
        }

        public void Dispose()
        {
            db.SavingChanges -= OnSaving;
            db.SavedChanges -= OnSaved;
            db.SaveChangesFailed -= OnFailed;
        }

        private void OnSaving(object? sender, SavingChangesEventArgs e)
        {
            saving.Clear();
            adding.Clear();
            db.ChangeTracker.DetectChanges();
            foreach (var entry in db.ChangeTracker.Entries().Where(e => Types.ContainsKey(e.Metadata.ClrType.Name)))
            {
                var type = entry.Metadata.ClrType.Name;
                switch (entry.State)
                {
                    case EntityState.Added:
                        adding.Add(entry);
                        break;
                    case EntityState.Modified:
                        // By name: each enumeration of entry.Properties makes new PropertyEntry objects.
                        var changed = entry.Properties.Where(p => p.IsModified && !p.Metadata.IsPrimaryKey()).Select(p => p.Metadata.Name).ToHashSet(StringComparer.Ordinal);
                        saving.Add(new Row(RowKind.Modified, type, Id(entry, original: true),
                            Snapshot(entry, p => changed.Contains(p.Metadata.Name), original: true), Snapshot(entry, p => changed.Contains(p.Metadata.Name), original: false)));
                        break;
                    case EntityState.Deleted:
                        saving.Add(new Row(RowKind.Deleted, type, Id(entry, original: true), Snapshot(entry, _ => true, original: true), null));
                        break;
                }
            }
        }

        private void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            // Added rows have their ids only now.
            saving.AddRange(adding.Select(entry => new Row(RowKind.Added, entry.Metadata.ClrType.Name, Id(entry, original: false), null, Snapshot(entry, _ => true, original: false))));
            log.rows.AddRange(saving);
            saving.Clear();
            adding.Clear();
        }

        private void OnFailed(object? sender, SaveChangesFailedEventArgs e)
        {
            saving.Clear();
            adding.Clear();
        }

        private static int Id(EntityEntry entry, bool original) =>
            (int)(original ? entry.Property("Id").OriginalValue : entry.Property("Id").CurrentValue)!;
    }
}
