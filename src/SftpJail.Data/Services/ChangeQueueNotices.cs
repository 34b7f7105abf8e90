namespace SftpJail.Data.Services;

/// <summary>
/// Where a change that has to wait for its turn says so: the CLI prints it on stderr. Register one (singleton or
/// scoped) for the site and host-access services to use; without one they wait silently.
/// </summary>
public sealed class ChangeQueueNotices(Action<string> notify)
{
    public static string Busy(int ahead) => $"busy: queued behind {ahead} change{(ahead == 1 ? string.Empty : "s")}; waiting for its turn";

    public void Queued(int ahead) => notify(Busy(ahead));
}
