using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Cli.Backup;

/// <summary>
/// <c>sftpjail restore FILE</c>: reads the whole archive and checks every entry against its manifest (names, sizes,
/// SHA-256, a schema this build can migrate) before it writes anything, then writes each file atomically to this
/// host's configured paths. A non-empty install (a database with content, or executor state) is refused unless forced.
/// The host itself (accounts, chroots, keys files, drop-in, vhosts) is left to the <c>apply</c> that follows.
/// </summary>
public sealed class BackupRestorer(BackupSources sources, string connectionString, HostFileSystem files, IReadOnlyCollection<string> knownMigrations)
{
    private const int PrivateDir = 0b111_000_000; // 0700
    private const int PrivateFile = 0b110_000_000; // 0600
    private const int PublicFile = 0b110_100_100; // 0644
    private const long MaxEntryBytes = 4L << 30;

    public sealed record Restored(BackupManifest Manifest, IReadOnlyList<string> Written);

    /// <summary>Why this host is not a fresh one, or null when it is.</summary>
    public string? ExistingInstall()
    {
        var database = BackupWriter.DatabaseFile(connectionString);
        if (database is not null && new FileInfo(database) is { Exists: true, Length: > 0 })
        {
            return $"the database {database} exists";
        }

        if (sources.StateFiles().FirstOrDefault() is { } state)
        {
            return $"the state directory {sources.StateDir} holds {state}";
        }

        // In system mode the host's own keys are always there; only a dedicated sshd's keys are SftpJail's.
        return sources.SshdMode == "Dedicated" && sources.HostKeyFiles().FirstOrDefault() is { } key ? $"the dedicated sshd's host key {key} exists" : null;
    }

    public async Task<Restored> RestoreAsync(string file, CancellationToken cancellationToken)
    {
        var (manifest, contents) = await ReadAsync(file, cancellationToken);
        var database = BackupWriter.DatabaseFile(connectionString) ?? throw new InvalidOperationException("restore: the database is in memory; configure a file.");
        var written = new List<string>();

        EnsureDirectory(sources.StateDir);
        if (manifest.Entries.Any(e => e.Kind == BackupKinds.HostKey) && !Directory.Exists(sources.HostKeyDir))
        {
            EnsureDirectory(sources.HostKeyDir);
        }

        var writer = new AtomicFileWriter(files);
        foreach (var entry in manifest.Entries.Where(e => e.Kind != BackupKinds.Database))
        {
            var (target, mode) = entry.Kind == BackupKinds.State
                ? (Path.Combine(sources.StateDir, NameIn(entry, "state/")), PrivateFile)
                : (Path.Combine(sources.HostKeyDir, NameIn(entry, "hostkeys/")), entry.Name.EndsWith(".pub", StringComparison.Ordinal) ? PublicFile : PrivateFile);
            writer.Write(AbsolutePath.Parse(target, entry.Name), contents[entry.Name], mode, 0, 0);
            written.Add(target);
        }

        // An interrupted apply of the old host is not this host's to finish.
        files.RemoveFile(AbsolutePath.Parse(Path.Combine(sources.StateDir, "intent.json"), "intent.json"));
        written.Add(WriteDatabase(writer, database, contents[BackupWriter.DatabaseEntry]));
        return new Restored(manifest, written);
    }

    /// <summary>
    /// The database goes where this host's configuration says, owned like its directory (the panel's state directory
    /// belongs to the panel's user) and 0600; stale -wal/-shm files of an older database are removed first.
    /// </summary>
    private string WriteDatabase(AtomicFileWriter writer, string database, byte[] content)
    {
        var directory = Path.GetDirectoryName(database)!;
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        }

        foreach (var sidecar in new[] { "-wal", "-shm", "-journal" })
        {
            files.RemoveFile(AbsolutePath.Parse(database + sidecar, "the database"));
        }

        var owner = files.Inspect(AbsolutePath.Parse(directory, "the database directory"));
        writer.Write(AbsolutePath.Parse(database, "the database"), content, PrivateFile, owner.Uid, owner.Gid);
        return database;
    }

    private void EnsureDirectory(string directory) => files.EnsureDirectory(AbsolutePath.Parse(directory, directory), 0, 0, PrivateDir);

    /// <summary>Every entry read and checked; nothing is written unless the whole archive is what its manifest says.</summary>
    private async Task<(BackupManifest Manifest, Dictionary<string, byte[]> Contents)> ReadAsync(string file, CancellationToken cancellationToken)
    {
        await using var input = File.OpenRead(file);
        await using var gzip = new GZipStream(input, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        var first = await tar.GetNextEntryAsync(copyData: false, cancellationToken);
        if (first is not { EntryType: TarEntryType.RegularFile or TarEntryType.V7RegularFile, Name: BackupManifest.FileName } || first.DataStream is null)
        {
            throw new InvalidDataException($"restore: {file} is not an SftpJail backup (its first entry is not {BackupManifest.FileName}).");
        }

        var manifest = await JsonSerializer.DeserializeAsync<BackupManifest>(first.DataStream, BackupManifest.Json, cancellationToken)
            ?? throw new InvalidDataException("restore: the manifest is empty.");
        Check(manifest);
        var expected = manifest.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var contents = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (await tar.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (!expected.TryGetValue(entry.Name, out var described) || contents.ContainsKey(entry.Name)
                || entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.Length != described.Size || entry.Length > MaxEntryBytes)
            {
                throw new InvalidDataException($"restore: the archive's entry '{ArgumentListPrintable(entry.Name)}' is not the one its manifest lists.");
            }

            var content = new byte[entry.Length];
            if (entry.DataStream is not null)
            {
                await entry.DataStream.ReadExactlyAsync(content, cancellationToken);
            }

            if (Convert.ToHexStringLower(SHA256.HashData(content)) != described.Sha256)
            {
                throw new InvalidDataException($"restore: {entry.Name} does not match its checksum; the archive is damaged.");
            }

            contents[entry.Name] = content;
        }

        if (expected.Keys.FirstOrDefault(name => !contents.ContainsKey(name)) is { } missing)
        {
            throw new InvalidDataException($"restore: the archive lacks {missing}, which its manifest lists.");
        }

        return (manifest, contents);
    }

    private void Check(BackupManifest manifest)
    {
        if (manifest.Format != BackupManifest.FormatName || manifest.FormatVersion != BackupManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException($"restore: the archive is format '{manifest.Format}' version {manifest.FormatVersion}; this SftpJail reads {BackupManifest.FormatName} version {BackupManifest.CurrentFormatVersion}.");
        }

        if (!knownMigrations.Contains(manifest.SchemaVersion))
        {
            throw new InvalidDataException($"restore: the database in the archive has schema {manifest.SchemaVersion}, which this SftpJail does not know (a newer version made it); restore with that version or newer.");
        }

        if (!string.Equals(manifest.SshdMode, sources.SshdMode, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"restore: the archive comes from a host whose sshd mode is {manifest.SshdMode}; this host is configured {sources.SshdMode} (Host:SshdMode).");
        }

        if (manifest.Entries.Count(e => e.Kind == BackupKinds.Database) != 1 || manifest.Entries.All(e => e.Name != BackupWriter.DatabaseEntry))
        {
            throw new InvalidDataException($"restore: the manifest does not list exactly one database ({BackupWriter.DatabaseEntry}).");
        }

        foreach (var entry in manifest.Entries.Where(e => e.Kind != BackupKinds.Database))
        {
            var valid = entry.Kind switch
            {
                BackupKinds.State => sources.IsStateFile(NameIn(entry, "state/")),
                BackupKinds.HostKey => BackupSources.IsHostKeyFile(NameIn(entry, "hostkeys/")),
                _ => false,
            };
            if (!valid)
            {
                throw new InvalidDataException($"restore: the manifest lists '{ArgumentListPrintable(entry.Name)}', which is not a file a backup holds.");
            }
        }
    }

    private static string NameIn(BackupEntry entry, string prefix) =>
        entry.Name.StartsWith(prefix, StringComparison.Ordinal) && entry.Name.IndexOf('/', prefix.Length) < 0 ? entry.Name[prefix.Length..] : string.Empty;

    private static string ArgumentListPrintable(string text) => Parsing.ArgumentList.Printable(text);
}
