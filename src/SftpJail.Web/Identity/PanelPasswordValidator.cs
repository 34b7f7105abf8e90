using Microsoft.AspNetCore.Identity;

namespace SftpJail.Web.Identity;

/// <summary>Applies <see cref="PasswordStrength"/> to panel accounts, on top of Identity's length rule.</summary>
public sealed class PanelPasswordValidator<TUser> : IPasswordValidator<TUser>
    where TUser : IdentityUser
{
    public Task<IdentityResult> ValidateAsync(UserManager<TUser> manager, TUser user, string? password)
    {
        var localPart = user.Email?.Split('@')[0];
        var error = PasswordStrength.Check(password, [user.UserName, localPart]);
        return Task.FromResult(error is null
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "WeakPassword", Description = error }));
    }
}
