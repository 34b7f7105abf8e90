using SftpJail.Data.Services;

namespace SftpJail.Web.Infrastructure;

/// <summary>
/// A panel change that had to wait behind others (the CLI's, another tab's) says so on the page that shows its result,
/// as the CLI says it on stderr: a static page cannot show it while it waits, so it is told afterwards.
/// </summary>
public static class PanelQueueNotices
{
    public static ChangeQueueNotices For(FlashMessages flash) =>
        new(line =>
        {
            // A background service (start-up apply) has no page to tell; it waits silently.
            if (flash.CanAdd)
            {
                flash.Add(new Flash(FlashKind.Info, $"This change waited for its turn ({line})."));
            }
        });
}
