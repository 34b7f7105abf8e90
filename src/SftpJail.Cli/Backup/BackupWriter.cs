using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SftpJail.Core.Values;
using SftpJail.Data.Storage;
using SftpJail.Executor.Files;

namespace SftpJail.Cli.Backup;

/// <summary>
/// <c>sftpjail backup FILE</c>: one tar.gz, 0600, written to a temporary sibling and renamed into place, holding
/// <c>manifest.json</c>, a snapshot of the database taken with SQLite's online backup API and the files
/// <see cref="BackupSources"/> names. The snapshot and the state files are read while this process holds the
/// database's change queue and the executor's audit lock, so no change and no countersignature falls between them.
/// </summary>
public sealed class BackupWriter(BackupSources sources, string connectionString, HostFileSystem files, TimeProvider time)
{
    public const string DatabaseEntry = "database/sftpjail.db";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public async Task<BackupManifest> WriteAsync(string file, Action<int>? queued, CancellationToken cancellationToken)
    {
        var target = Path.GetFullPath(file);
        var databaseFile = DatabaseFile(connectionString) ?? throw new InvalidOperationException("backup: the database is in memory; there is nothing to back up.");
        var work = Directory.CreateTempSubdirectory("sftpjail-backup-"); // 0700
        try
        {
            var snapshot = Path.Combine(work.FullName, "sftpjail.db");
            var captured = new List<(BackupEntry Entry, byte[] Content)>();
            await using (await ChangeQueue.For(connectionString).EnterAsync(queued, cancellationToken))
            using (AuditLock())
            {
                Snapshot(databaseFile, snapshot);
                captured.AddRange(sources.StateFiles().Select(name => Capture($"state/{name}", BackupKinds.State, Path.Combine(sources.StateDir, name))));
                captured.AddRange(sources.HostKeyFiles().Select(name => Capture($"hostkeys/{name}", BackupKinds.HostKey, Path.Combine(sources.HostKeyDir, name))));
            }

            var database = await DescribeAsync(snapshot, cancellationToken);
            var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, time.GetUtcNow(), SchemaVersion(snapshot),
                sources.SshdMode, [database, .. captured.Select(c => c.Entry)]);
            await WriteArchiveAsync(target, manifest, snapshot, captured, cancellationToken);
            return manifest;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void Snapshot(string databaseFile, string snapshot)
    {
        if (!File.Exists(databaseFile))
        {
            throw new InvalidOperationException($"backup: the database {databaseFile} does not exist.");
        }

        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString());
        source.Open();
        destination.Open();
        source.BackupDatabase(destination);
    }

    /// <summary>The newest migration the snapshot has: what a restore checks it can read.</summary>
    private static string SchemaVersion(string snapshot)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId DESC LIMIT 1";
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException("backup: the database has no schema version.");
    }

    private (BackupEntry, byte[]) Capture(string name, string kind, string path)
    {
        var absolute = AbsolutePath.Parse(path, name);
        var entry = files.Inspect(absolute);
        var content = files.ReadBytesNoFollow(absolute) ?? throw new FileNotFoundException($"backup: {path} disappeared while being read.");
        return (new BackupEntry(name, kind, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), Octal(entry.Mode)), content);
    }

    private static async Task<BackupEntry> DescribeAsync(string snapshot, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(snapshot);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken);
        return new BackupEntry(DatabaseEntry, BackupKinds.Database, stream.Length, Convert.ToHexStringLower(hash), "0600");
    }

    private async Task WriteArchiveAsync(string target, BackupManifest manifest, string snapshot, List<(BackupEntry Entry, byte[] Content)> captured, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(target)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        try
        {
            await using (var output = new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, UnixCreateMode = OwnerOnly }))
            {
                await using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
                await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
                {
                    await AddAsync(tar, BackupManifest.FileName, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(manifest, BackupManifest.Json)), manifest.CreatedAt, cancellationToken);
                    await using (var database = File.OpenRead(snapshot))
                    {
                        await AddAsync(tar, DatabaseEntry, database, manifest.CreatedAt, cancellationToken);
                    }

                    foreach (var (entry, content) in captured)
                    {
                        await AddAsync(tar, entry.Name, new MemoryStream(content), manifest.CreatedAt, cancellationToken);
                    }
                }

                output.Flush(flushToDisk: true);
            }

            // Never replaces a file that appeared meanwhile: a backup is not overwritten.
            File.Move(temporary, target, overwrite: false);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    private static async Task AddAsync(TarWriter tar, string name, Stream content, DateTimeOffset modified, CancellationToken cancellationToken)
    {
        await using (content)
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = content, Mode = OwnerOnly, ModificationTime = modified, Uid = 0, Gid = 0 };
            await tar.WriteEntryAsync(entry, cancellationToken);
        }
    }

    /// <summary>
    /// The executor takes this lock (an exclusive flock) to countersign audit rows and update the anchor; .NET's
    /// FileShare.None is the same flock, so holding it here keeps the anchor and the key still while they are read.
    /// </summary>
    private IDisposable? AuditLock()
    {
        var path = Path.Combine(sources.StateDir, "audit.lock");
        if (!Directory.Exists(sources.StateDir))
        {
            return null;
        }

        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None, UnixCreateMode = OwnerOnly });
            }
            catch (IOException) when (attempt < 200)
            {
                Thread.Sleep(25);
            }
        }
    }

    internal static string? DatabaseFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        var inMemory = builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:"
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        return inMemory ? null : Path.GetFullPath(source);
    }

    internal static string Octal(int mode) => "0" + Convert.ToString(mode & 0xFFF, 8).PadLeft(3, '0');
}
