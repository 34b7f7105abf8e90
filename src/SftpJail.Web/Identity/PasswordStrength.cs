namespace SftpJail.Web.Identity;

/// <summary>
/// The password rules for panel accounts and SFTP users: long enough, and not one of the shapes that leaked-password
/// lists are full of (a common word with digits stuck on, a keyboard run, one repeated character, the user's own name).
/// </summary>
public static class PasswordStrength
{
    public const int MinLength = 12;
    public const int MaxLength = 128;

    // The bases of the passwords that top every breach list; a password built only from these plus digits and symbols
    // falls to the first minutes of any cracking run.
    private static readonly string[] CommonWords =
    [
        "password", "passwort", "passw", "qwerty", "qwertz", "azerty", "asdf", "zxcv", "letmein", "welcome", "admin",
        "administrator", "root", "login", "iloveyou", "sftpjail", "sftp", "changeme", "default", "secret", "dragon",
        "monkey", "football", "baseball", "soccer", "sunshine", "princess", "trustno", "superman", "batman", "master",
        "shadow", "abc", "test", "guest", "hello", "freedom", "whatever", "starwars", "pokemon", "summer", "winter",
        "spring", "autumn", "january", "december", "hosting", "server", "website", "internet", "computer", "access",
        "user", "customer", "staff", "love", "god", "jesus", "michael", "charlie", "jordan", "hunter", "ranger",
    ];

    private static readonly string[] KeyboardRows = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz", "qwertzuiop", "azertyuiop"];

    /// <summary>Null when acceptable; otherwise a message fit for the form.</summary>
    /// <param name="personalWords">Names the password must not contain: the user name, the e-mail's local part, domain labels.</param>
    public static string? Check(string? password, IEnumerable<string?> personalWords)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "A password is required.";
        }

        if (password.Length < MinLength)
        {
            return $"A password needs at least {MinLength} characters.";
        }

        if (password.Length > MaxLength)
        {
            return $"A password can be at most {MaxLength} characters.";
        }

        if (password.Any(char.IsControl))
        {
            return "A password cannot contain line breaks, tabs or other control characters.";
        }

        if (password.Distinct().Count() < 5)
        {
            return "This password repeats too few different characters.";
        }

        var folded = Fold(password);
        foreach (var word in personalWords)
        {
            if (word is { Length: >= 4 } && folded.Contains(Fold(word), StringComparison.Ordinal))
            {
                return "A password cannot contain your user name or domain.";
            }
        }

        if (IsMostlyKeyboardRun(password.ToLowerInvariant()) || IsMostlyKeyboardRun(folded))
        {
            return "This password is a keyboard or alphabet sequence.";
        }

        var rest = folded;
        foreach (var word in CommonWords.OrderByDescending(w => w.Length))
        {
            rest = rest.Replace(word, "", StringComparison.Ordinal);
        }

        if (rest.Count(char.IsAsciiLetterLower) < 6 && folded.Count(char.IsAsciiLetterLower) > rest.Count(char.IsAsciiLetterLower))
        {
            return "This password is built on a common word found in breached-password lists; choose something less guessable.";
        }

        return null;
    }

    // Lower case and undo the usual letter-for-digit swaps, so "P@ssw0rd" reads as "password".
    private static string Fold(string text) => new(text.ToLowerInvariant().Select(c => c switch
    {
        '0' => 'o',
        '1' or '!' or '|' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' => 't',
        _ => c,
    }).ToArray());

    private static bool IsMostlyKeyboardRun(string lower)
    {
        var letters = new string(lower.Where(char.IsAsciiLetterOrDigit).ToArray());
        if (letters.Length == 0)
        {
            return false;
        }

        var covered = new bool[letters.Length];
        foreach (var row in KeyboardRows)
        {
            var reversed = new string(row.Reverse().ToArray());
            for (var i = 0; i < letters.Length; i++)
            {
                for (var len = Math.Min(letters.Length - i, row.Length); len >= 4; len--)
                {
                    var piece = letters.Substring(i, len);
                    if (row.Contains(piece, StringComparison.Ordinal) || reversed.Contains(piece, StringComparison.Ordinal))
                    {
                        Array.Fill(covered, true, i, len);
                        break;
                    }
                }
            }
        }

        return covered.Count(c => c) * 4 >= letters.Length * 3;
    }
}
