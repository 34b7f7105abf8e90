using Microsoft.Extensions.Logging;
using SftpJail.Core.Planning;
using SftpJail.Executor.Accounts;

namespace SftpJail.Executor.Apply;

/// <summary>The site groups' side of a plan: an html/ laid out before them has its files handed to the site's group.</summary>
internal sealed partial class ActionRunner
{
    private void ConvertSiteFiles(ConvertSiteFilesAction convert, AccountDatabase accountsNow)
    {
        var (converted, stopped) = new SiteFilesConversion(files).Convert(
            convert.Html, Gid(convert.WebGroup.Value, accountsNow), Gid(convert.SiteGroup.Value, accountsNow), new DirectoryAcl(convert.WebGroup));
        if (stopped)
        {
            logger.LogWarning("Gave {Count} entries of {Site} to its group, then stopped at the walk's limit; the rest keep the web group (still served)", converted, convert.Site.Value);
        }
    }
}
