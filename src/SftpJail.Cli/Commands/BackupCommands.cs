using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SftpJail.Cli.Backup;
using SftpJail.Cli.Parsing;
using SftpJail.Core.Values;
using SftpJail.Data;
using SftpJail.Executor;
using SftpJail.Executor.Files;

namespace SftpJail.Cli.Commands;

/// <summary><c>sftpjail backup FILE</c> and <c>sftpjail restore FILE [--force]</c> (see <see cref="BackupSources"/> for what they hold).</summary>
internal static class BackupCommands
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("backup", "backup FILE", "Write the database, the executor's state and the sshd host keys (never customer files) to FILE (tar.gz, 0600).", true, Backup),
        new("restore", "restore FILE [--force]", "Put a backup onto this host (a fresh one unless --force); then run 'sftpjail apply'.", false, Restore),
    ];

    private static Invocation Backup(IReadOnlyList<string> args, TextReader stdin)
    {
        var file = ArgumentList.Parse("backup", args).Positionals("file")[0];
        var full = Path.GetFullPath(file);
        if (File.Exists(full) || Directory.Exists(full) || new FileInfo(full).LinkTarget is not null)
        {
            throw new UsageException($"backup: {ArgumentList.Printable(file)} already exists; a backup is never overwritten.");
        }

        if (!Directory.Exists(Path.GetDirectoryName(full)))
        {
            throw new UsageException($"backup: the directory of {ArgumentList.Printable(file)} does not exist.");
        }

        return async (c, ct) =>
        {
            RequireRoot("backup");
            var (sources, connectionString, files) = Layout(c);
            var manifest = await new BackupWriter(sources, connectionString, files, TimeProvider.System)
                .WriteAsync(full, ahead => c.Err.WriteLine($"backup: waiting for {ahead} change(s) ahead in the queue"), ct);
            await c.Out.WriteLineAsync($"backed up to {ArgumentList.Printable(file)} (schema {manifest.SchemaVersion}, {manifest.Entries.Count} files):");
            foreach (var entry in manifest.Entries)
            {
                await c.Out.WriteLineAsync($"  {entry.Name} ({entry.Size} bytes)");
            }

            return ExitCodes.Ok;
        };
    }

    private static Invocation Restore(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("restore", args, ["--force"]);
        var file = a.Positionals("file")[0];
        if (!File.Exists(file))
        {
            throw new UsageException($"restore: {ArgumentList.Printable(file)} does not exist.");
        }

        return async (c, ct) =>
        {
            RequireRoot("restore");
            var (sources, connectionString, files) = Layout(c);
            var migrations = c.Services.GetRequiredService<SftpJailDbContext>().Database.GetMigrations().ToList();
            var restorer = new BackupRestorer(sources, connectionString, files, migrations);
            if (!a.Has("--force") && restorer.ExistingInstall() is { } existing)
            {
                return await c.FailAsync($"restore: this host is not a fresh install ({existing}); nothing was changed. Add --force to replace it.", ExitCodes.Invalid);
            }

            var restored = await restorer.RestoreAsync(file, ct);

            // An older schema is brought forward now, so the panel and 'apply' start on the current one.
            await c.Services.MigrateSftpJailDatabaseAsync(ct);
            await c.Out.WriteLineAsync($"restored {restored.Written.Count} files from a backup of {restored.Manifest.CreatedAt:u} (schema {restored.Manifest.SchemaVersion}).");
            await c.Out.WriteLineAsync("now run 'sftpjail apply' to recreate the accounts, groups, keys, jails, vhosts and sshd drop-in.");
            return ExitCodes.Ok;
        };
    }

    private static void RequireRoot(string command)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new UsageException($"{command}: run as root; the executor's state and the sshd host keys are root-only.");
        }
    }

    private static (BackupSources Sources, string ConnectionString, HostFileSystem Files) Layout(CliContext c)
    {
        var configuration = c.Services.GetRequiredService<IConfiguration>();
        var (host, _) = ExecutorEngine.ReadProfiles(configuration);
        var connectionString = c.Services.GetRequiredService<SftpJailDbContext>().Database.GetConnectionString()
            ?? throw new InvalidOperationException("no database is configured.");
        var database = BackupWriter.DatabaseFile(connectionString);
        var sources = new BackupSources(host, database);
        List<AbsolutePath> roots = [host.StateDir, AbsolutePath.Parse(sources.HostKeyDir, "the sshd host key directory")];
        if (database is not null)
        {
            roots.Add(AbsolutePath.Parse(Path.GetDirectoryName(database)!, "the database directory"));
        }

        return (sources, connectionString, new HostFileSystem(roots));
    }
}
