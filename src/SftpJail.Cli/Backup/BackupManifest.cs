using System.Text.Json;

namespace SftpJail.Cli.Backup;

/// <summary>
/// The first entry of every backup archive (<c>manifest.json</c>): what it holds, each file's size and SHA-256, and the
/// database's schema version (the newest EF migration applied), so a restore can refuse an archive it cannot read.
/// </summary>
public sealed record BackupManifest(
    string Format,
    int FormatVersion,
    DateTimeOffset CreatedAt,
    string SchemaVersion,
    string SshdMode,
    IReadOnlyList<BackupEntry> Entries)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "sftpjail-backup";
    public const int CurrentFormatVersion = 1;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}

/// <param name="Name">Its name in the archive: <c>database/sftpjail.db</c>, <c>state/NAME</c> or <c>hostkeys/NAME</c>.</param>
/// <param name="Mode">The file's permission bits when it was read (octal in the JSON, e.g. "0600").</param>
public sealed record BackupEntry(string Name, string Kind, long Size, string Sha256, string Mode);

public static class BackupKinds
{
    /// <summary>The panel's SQLite database: sites, users, keys, panel accounts, the audit log.</summary>
    public const string Database = "database";

    /// <summary>A file of the executor's state directory (manifests, audit anchor and key, password hashes).</summary>
    public const string State = "state";

    /// <summary>A host key of the sshd that serves the jailed accounts.</summary>
    public const string HostKey = "hostkey";
}
