using SftpJail.Data.SetPasswordLinks;

namespace SftpJail.Web.SetPasswordLinks;

public static class SetPasswordLinkPanelServices
{
    /// <summary>The link service, its options and the page's rate limit (issue 11 item 6).</summary>
    public static void AddSetPasswordLinkPanel(this IServiceCollection services)
    {
        services.AddSetPasswordLinks();
        services.AddOptions<SetPasswordLinkOptions>().BindConfiguration(SetPasswordLinkOptions.Section);
        services.AddRateLimiter(limits => limits.AddPolicy<string, SetPasswordRateLimit>(SetPasswordRateLimit.Policy));
    }

    /// <summary>The link to hand out: on the configured public address, else on the address this panel was reached by.</summary>
    public static string LinkFor(SetPasswordLinkOptions options, string requestBase, string token) =>
        SetPasswordLinkOptions.LinkFor(options.BaseUrl, token) ?? SetPasswordLinkOptions.LinkFor(requestBase, token)!;
}
