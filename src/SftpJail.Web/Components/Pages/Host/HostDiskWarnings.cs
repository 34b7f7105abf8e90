using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Storage;

namespace SftpJail.Web.Components.Pages.Host;

/// <summary>
/// The executor's disk warnings plus one of the panel's own: its database on the jails' file system. Read by the page
/// in its own operation, so the component holds no DbContext (an interactive page keeps its components for hours).
/// </summary>
public static class HostDiskWarnings
{
    public static IReadOnlyList<string> For(HostInfo info, SftpJailDbContext db)
    {
        List<string> warnings = [.. info.Disk?.Warnings ?? []];
        if (DatabaseLayout.Warning(db.Database.GetConnectionString(), info.JailRoot) is { } database)
        {
            warnings.Add(database);
        }

        return warnings;
    }
}
