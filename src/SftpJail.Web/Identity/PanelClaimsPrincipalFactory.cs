using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SftpJail.Data.Identity;

namespace SftpJail.Web.Identity;

/// <summary>Adds whether the account has two-factor sign-in enabled, so enrolment can be enforced without a query per request.</summary>
public sealed class PanelClaimsPrincipalFactory(
    UserManager<PanelUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options) : UserClaimsPrincipalFactory<PanelUser, IdentityRole>(userManager, roleManager, options)
{
    public const string TwoFactorClaim = "sftpjail:2fa";

    /// <summary>Present while the account must change its password (<see cref="PasswordChangeRequiredMiddleware"/>).</summary>
    public const string MustChangePasswordClaim = "sftpjail:must-change-password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PanelUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(TwoFactorClaim, user.TwoFactorEnabled ? "on" : "off"));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "on"));
        }
        return identity;
    }
}
