namespace SftpJail.Data.Activity;

/// <summary>One login attempt by a jailed account, as sshd logged it.</summary>
public sealed class ActivityLogin
{
    public long Id { get; set; }

    public int SiteId { get; set; }

    public required string UserName { get; set; }

    public DateTimeOffset At { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>sshd's method name: password, publickey, keyboard-interactive…</summary>
    public required string Method { get; set; }

    public required string Address { get; set; }

    public int Port { get; set; }
}

/// <summary>One SFTP session (an internal-sftp process); open while <see cref="ClosedAt"/> is null.</summary>
public sealed class ActivitySession
{
    public long Id { get; set; }

    public int SiteId { get; set; }

    public required string UserName { get; set; }

    /// <summary>The session process (internal-sftp inside its sshd child), which "close session" signals.</summary>
    public int Pid { get; set; }

    public required string Address { get; set; }

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}

public enum TransferKind
{
    /// <summary>A file was closed after being written to.</summary>
    Upload,

    /// <summary>A file was closed after being read (and not written).</summary>
    Download,

    /// <summary>A file was opened and closed with nothing read or written.</summary>
    Touch,
    Remove,
    Rename,
    Mkdir,
    Rmdir,
}

/// <summary>One file operation in a session: a transfer with its byte counts, or a remove, rename, mkdir, rmdir.</summary>
public sealed class ActivityTransfer
{
    public long Id { get; set; }

    public int SiteId { get; set; }

    public required string UserName { get; set; }

    public int Pid { get; set; }

    public DateTimeOffset At { get; set; }

    public TransferKind Kind { get; set; }

    /// <summary>The path the client named, inside its chroot (decoded; may hold any character a filename can).</summary>
    public required string Path { get; set; }

    public string? NewPath { get; set; }

    public long BytesRead { get; set; }

    public long BytesWritten { get; set; }
}
