using System.Security.Cryptography;
using System.Text;

namespace SftpJail.Web.Identity;

/// <summary>
/// The one-time token that lets whoever can read the panel's log create the first Admin. Held in memory only: a
/// restart issues a new one, and it is gone as soon as any account exists.
/// </summary>
public sealed class FirstAdminSetup
{
    private readonly Lock gate = new();
    private byte[]? token;

    public bool IsOpen
    {
        get
        {
            lock (gate)
            {
                return token is not null;
            }
        }
    }

    public string Open()
    {
        var value = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        lock (gate)
        {
            token = Encoding.ASCII.GetBytes(value);
        }

        return value;
    }

    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > 100)
        {
            return false;
        }

        lock (gate)
        {
            return token is not null && CryptographicOperations.FixedTimeEquals(token, Encoding.ASCII.GetBytes(candidate));
        }
    }

    public void Close()
    {
        lock (gate)
        {
            token = null;
        }
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
