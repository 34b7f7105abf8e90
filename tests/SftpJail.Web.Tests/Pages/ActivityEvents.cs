using SftpJail.Core.Activity;

namespace SftpJail.Web.Tests.Pages;

/// <summary>The events the host test's real sftp session produces (SftpActivityTests), for one user and session pid.</summary>
public static class ActivityEvents
{
    public const int UploadBytes = 12_345;
    public const string HostileName = "evil\" bytes read 0 written 999";

    public static int NextPid() => Random.Shared.Next(100_000, 4_000_000);

    public static ActivityEvent[] Session(string user, int pid, bool close = true)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        ActivityEvent Sftp(ActivityEventKind kind, int second, string? path = null, string? newPath = null, long? read = null, long? written = null) =>
            new(kind, at.AddSeconds(second), pid, Path: path, NewPath: newPath, BytesRead: read, BytesWritten: written);
        List<ActivityEvent> events =
        [
            new(ActivityEventKind.LoginFailed, at, 0, user, "127.0.0.1", 40001, "password"),
            new(ActivityEventKind.LoginAccepted, at.AddSeconds(1), 0, user, "127.0.0.1", 40002, "password"),
            new(ActivityEventKind.SessionOpened, at.AddSeconds(2), pid, user, "127.0.0.1"),
            Sftp(ActivityEventKind.FileOpened, 3, "/html/up.bin"),
            Sftp(ActivityEventKind.FileClosed, 4, "/html/up.bin", read: 0, written: UploadBytes),
            Sftp(ActivityEventKind.FileClosed, 5, "/html/up.bin", read: UploadBytes, written: 0),
            Sftp(ActivityEventKind.DirectoryCreated, 6, "/html/d"),
            Sftp(ActivityEventKind.Renamed, 7, "/html/up.bin", "/html/d/moved.bin"),
            Sftp(ActivityEventKind.Removed, 8, "/html/d/moved.bin"),
            Sftp(ActivityEventKind.DirectoryRemoved, 9, "/html/d"),
            Sftp(ActivityEventKind.FileClosed, 10, "/html/" + HostileName, read: 0, written: UploadBytes),
        ];
        if (close)
        {
            events.Add(new(ActivityEventKind.SessionClosed, at.AddSeconds(11), pid, user, "127.0.0.1"));
        }

        return [.. events];
    }
}
