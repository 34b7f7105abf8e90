namespace SftpJail.Data.Services;

/// <summary>
/// What an SFTP password may be. chpasswd reads "user:password" lines, so a line break would smuggle in a second
/// account's line; control characters are refused for the same reason and because nobody can type them.
/// </summary>
public static class PasswordRules
{
    public const int MinLength = 8;
    public const int MaxLength = 1024;

    public static string? Check(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "password: A password cannot be empty.";
        }

        if (password.Length < MinLength)
        {
            return $"password: A password needs at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"password: A password can be at most {MaxLength} characters.";
        }

        return password.Any(char.IsControl) ? "password: A password cannot contain a line break, NUL or other control character." : null;
    }
}
