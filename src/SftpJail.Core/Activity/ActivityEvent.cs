namespace SftpJail.Core.Activity;

public enum ActivityEventKind
{
    LoginAccepted,
    LoginFailed,
    SessionOpened,
    SessionClosed,
    FileOpened,
    FileClosed,
    Removed,
    Renamed,
    DirectoryCreated,
    DirectoryRemoved,
}

/// <summary>
/// One thing a customer did, as sshd or internal-sftp logged it. Logins carry the user, address and method; the
/// internal-sftp events carry the pid of the session process (which the session-opened event ties to its user).
/// Paths are decoded from OpenSSH's escaping and are what the customer's client asked for, inside its chroot.
/// </summary>
public sealed record ActivityEvent(
    ActivityEventKind Kind,
    DateTimeOffset AtUtc,
    int Pid,
    string? User = null,
    string? Address = null,
    int? Port = null,
    string? Method = null,
    string? Path = null,
    string? NewPath = null,
    long? BytesRead = null,
    long? BytesWritten = null,
    string? Flags = null)
{
    public bool IsLogin => Kind is ActivityEventKind.LoginAccepted or ActivityEventKind.LoginFailed;

    public bool IsSftp => !IsLogin;
}
