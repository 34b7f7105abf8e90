using System.Security.Cryptography;

namespace SftpJail.Data.Services.Import;

/// <summary>Passwords for imported users that gave neither a password nor a key: 24 characters (about 135 bits), no look-alikes.</summary>
public static class GeneratedPasswords
{
    // No 0/O, 1/l/I: the password is read off a file or screen and typed into an FTP client. No ',' or quote: it goes in CSV.
    private const string Alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Next() => string.Join('-', Enumerable.Range(0, 4).Select(_ => RandomNumberGenerator.GetString(Alphabet, 6)));
}
