using SftpJail.Core.Values;

namespace SftpJail.Executor.Accounts;

/// <summary>What chpasswd can take on one "name:password" line. Messages never repeat the password.</summary>
internal static class PasswordRules
{
    public const int MaxLength = 1024;

    public static void Check(string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new InputRejectedException("password", "A password is required.");
        }

        if (password.Length > MaxLength)
        {
            throw new InputRejectedException("password", $"A password can be at most {MaxLength} characters long.");
        }

        if (password.AsSpan().IndexOfAny('\n', '\r', '\0') >= 0)
        {
            throw new InputRejectedException("password", "A password cannot contain a line break or a NUL character.");
        }
    }
}
