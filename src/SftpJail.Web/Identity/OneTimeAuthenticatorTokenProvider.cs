using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;
using SftpJail.Data.Identity;

namespace SftpJail.Web.Identity;

/// <summary>
/// Authenticator-app (RFC 6238) codes that work once: like Identity's own provider it accepts the code of the current
/// 30-second step or of two steps either side (clock drift), but it remembers the last step it accepted for each
/// account (an AspNetUserTokens row) and refuses any code of that step or an earlier one, as RFC 6238 §5.2 asks. So a
/// code read over a shoulder or from a proxy log cannot be replayed within its window.
/// </summary>
public sealed class OneTimeAuthenticatorTokenProvider(SftpJailDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<PanelUser>
{
    public const string Name = "SftpJailAuthenticator";
    public const string LoginProvider = "SftpJail.Totp";
    public const string LastStepName = "LastAcceptedStep";

    private const int StepSeconds = 30;
    private const int DriftSteps = 2;

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<PanelUser> manager, PanelUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    /// <summary>The code comes from the user's app, never from the server.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<PanelUser> manager, PanelUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<PanelUser> manager, PanelUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key) || token.Length != 6 || !token.All(char.IsAsciiDigit) || Base32Decode(key) is not { Length: > 0 } secret)
        {
            return false;
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - DriftSteps; step <= now + DriftSteps; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(Code(secret, step)), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                return await TryConsumeAsync(user.Id, step);
            }
        }

        return false;
    }

    /// <summary>Records <paramref name="step"/> as used, atomically; false when it (or a later step) was used already.</summary>
    private async Task<bool> TryConsumeAsync(string userId, long step)
    {
        // Fixed width, so that the text order of the stored values is their numeric order.
        var value = step.ToString("D20", CultureInfo.InvariantCulture);
        var row = db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName);
        if (await row.Where(t => string.Compare(t.Value, value) < 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)) == 1)
        {
            return true;
        }

        if (await row.AnyAsync())
        {
            return false;
        }

        var entry = db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = LoginProvider, Name = LastStepName, Value = value });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            // Another request consumed a code for this account at the same moment.
            entry.State = EntityState.Detached;
            return false;
        }
    }

    private static string Code(byte[] secret, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238's algorithm, what every authenticator app computes.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private static byte[]? Base32Decode(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant())
        {
            if (c is '=' or ' ')
            {
                continue;
            }

            var index = Alphabet.IndexOf(c, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            buffer = (buffer << 5) | index;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }
}
