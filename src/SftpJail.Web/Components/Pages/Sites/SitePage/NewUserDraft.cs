using SftpJail.Core.Values;
using SftpJail.Data.Services;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>
/// The add-user dialog's input and its live checks, from Core's parsers and the panel's password rules, and the
/// <see cref="NewUserRequest"/> once nothing is wrong. A typed password lives only in the circuit's memory.
/// </summary>
public sealed class NewUserDraft(string domain)
{
    public const string Generate = "generate";
    public const string SetOwn = "set";
    public const string KeysOnly = "none";

    public string Domain => domain;

    public string UserName { get; set; } = "";

    public string PasswordMode { get; set; } = Generate;

    public string? Password { get; set; }

    public string Keys { get; set; } = "";

    public bool ReadOnly { get; set; }

    /// <summary>Null while nothing is typed (the dialog does not shout at an empty field; <see cref="IsValid"/> is false).</summary>
    public string? UserNameError => UserName.Length == 0 || LinuxUserName.TryParse(UserName, out _, out var error) ? null : error;

    public IReadOnlyList<ParsedKey> ParsedKeys => PastedKeys.Parse(Keys);

    public string? PasswordError => PasswordMode == SetOwn
        ? string.IsNullOrEmpty(Password) ? "Type the password to set." : PasswordStrength.Check(Password, [UserName, .. domain.Split('.')])
        : null;

    public string? KeysError => PasswordMode == KeysOnly && !ParsedKeys.Any(k => k.Error is null) ? "Without a password the user needs at least one SSH key." : null;

    public bool IsValid =>
        UserName.Length > 0 && UserNameError is null && PasswordError is null && KeysError is null && ParsedKeys.All(k => k.Error is null)
        && PasswordMode is Generate or SetOwn or KeysOnly;

    /// <summary>The request to apply; <paramref name="password"/> is the generated or typed one, null for keys-only.</summary>
    public NewUserRequest ToRequest(string? password) =>
        new(domain, UserName, PasswordMode == KeysOnly ? null : password, [.. KeyLines()], ReadOnly, KeyOnly: PasswordMode == KeysOnly);

    // A draft prints its members in no log or exception: it may carry a typed password.
    public override string ToString() => $"NewUserDraft({domain}, {UserName}, {PasswordMode})";

    private IEnumerable<string> KeyLines() =>
        string.IsNullOrWhiteSpace(Keys) ? [] : SshPublicKey.ParseMany(Keys).Select(k => k.ToAuthorizedKeysLine());
}
