using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SftpJail.Data.Identity;

namespace SftpJail.Web.Identity;

/// <summary>
/// For a sign-in with an e-mail no account has, spends the same password-hash verification a real account costs, so
/// the answer takes as long and response timing does not tell which e-mails have accounts.
/// </summary>
public sealed class UnknownAccountPasswordCheck
{
    private readonly PasswordHasher<PanelUser> hasher;
    private readonly Lazy<string> dummyHash;
    private readonly PanelUser nobody = new();

    public UnknownAccountPasswordCheck(IOptions<PasswordHasherOptions> options)
    {
        // The same algorithm and iteration count as the hasher Identity uses for real accounts.
        hasher = new PasswordHasher<PanelUser>(options);
        dummyHash = new Lazy<string>(() => hasher.HashPassword(nobody, Convert.ToHexString(RandomNumberGenerator.GetBytes(16))));
    }

    public void Spend(string password) => hasher.VerifyHashedPassword(nobody, dummyHash.Value, password);
}
