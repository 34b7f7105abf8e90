using Microsoft.Extensions.Logging;

namespace SftpJail.Web.Components.Pages.Sites;

/// <summary>
/// The server time of each sites-grid data request (its ServerData callback: the permission re-check, the SQL page and
/// count, the page's last logins and disk usage), at Debug under <see cref="Category"/>: switched on with
/// <c>--Logging:LogLevel:SftpJail.Web.SitesGrid=Debug</c>, read by the circuits benchmark. No search text is logged.
/// </summary>
public static partial class SitesGridLog
{
    public const string Category = "SftpJail.Web.SitesGrid";

    [LoggerMessage(LogLevel.Debug, "sites grid query: {ElapsedMs:F2} ms, {Rows} of {Total} rows")]
    public static partial void Queried(ILogger logger, double elapsedMs, int rows, int total);
}
