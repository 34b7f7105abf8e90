using System.Security.Cryptography;

namespace SftpJail.Web.Infrastructure;

/// <summary>Strong passwords for SFTP users and new panel accounts: 24 characters (about 135 bits), no look-alikes.</summary>
public static class PasswordGenerator
{
    // No 0/O, 1/l/I: the password is read off a screen and typed into an FTP client.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Generate()
    {
        var groups = Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Alphabet, 6));
        return string.Join('-', groups);
    }
}
