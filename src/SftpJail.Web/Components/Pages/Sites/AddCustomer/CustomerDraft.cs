using SftpJail.Core.Values;
using SftpJail.Data.Services;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Sites.AddCustomer;

/// <summary>A pasted key as the form shows it: its type and SHA256 fingerprint, or why it is not a key.</summary>
public sealed record ParsedKey(string? Algorithm, string? Fingerprint, string? Comment, string? Error);

/// <summary>
/// The add-customer form's input and its live checks, all from Core's parsers: what the page shows under each field
/// as it is typed, and the <see cref="NewSiteRequest"/> once nothing is wrong. Holds a typed password only in the
/// circuit's memory; it is never rendered back.
/// </summary>
public sealed class CustomerDraft
{
    public const string Generate = "generate";
    public const string SetOwn = "set";
    public const string KeysOnly = "none";

    public string Domain { get; set; } = "";

    /// <summary>What the user typed; empty means the site service derives the name (<see cref="SuggestedUserName"/>).</summary>
    public string UserName { get; set; } = "";

    /// <summary>The free name the domain suggests, shown as the field's placeholder; null without a valid domain.</summary>
    public string? SuggestedUserName { get; set; }

    public string PasswordMode { get; set; } = Generate;

    public string? Password { get; set; }

    public string Keys { get; set; } = "";

    /// <summary>Optional: a Customer login (found or created) that gets the site's connection page.</summary>
    public string CustomerEmail { get; set; } = "";

    public string? CustomerEmailError => CustomerEmail.Length == 0
        || SftpJail.Data.Services.EmailRule.IsValid(CustomerEmail)
        ? null
        : "This is not an e-mail address.";

    public string? DomainError => Domain.Length == 0 ? null : SiteDomain.TryParseNew(Domain, out _, out var error) ? null : error;

    public string? UserNameError => UserName.Length == 0 || LinuxUserName.TryParse(UserName, out _, out var error) ? null : error;

    /// <summary>Each key block parsed on its own, so one bad line does not hide the fingerprints of the good ones.</summary>
    public IReadOnlyList<ParsedKey> ParsedKeys => ParseKeys(Keys);

    public string? PasswordError => PasswordMode == SetOwn
        ? string.IsNullOrEmpty(Password) ? "Type the password to set." : PasswordStrength.Check(Password, [UserName.Length > 0 ? UserName : SuggestedUserName ?? "", .. Domain.Split('.')])
        : null;

    public string? KeysError => PasswordMode == KeysOnly && !ParsedKeys.Any(k => k.Error is null) ? "Without a password the user needs at least one SSH key." : null;

    public bool IsValid =>
        Domain.Length > 0 && DomainError is null && UserNameError is null && PasswordError is null && KeysError is null && CustomerEmailError is null
        && ParsedKeys.All(k => k.Error is null);

    /// <summary>The request to preview or apply; <paramref name="password"/> is the generated one or null for keys-only.</summary>
    public NewSiteRequest ToRequest(string? password, string? previewedPlan = null) =>
        new(
            SiteDomain.ParseNew(Domain).Value,
            UserName.Length == 0 ? null : UserName,
            password,
            [.. ParsedKeyLines()],
            KeyOnly: PasswordMode == KeysOnly)
        { PreviewedPlan = previewedPlan };

    private IEnumerable<string> ParsedKeyLines() =>
        Keys.Trim().Length == 0 ? [] : SshPublicKey.ParseMany(Keys).Select(k => k.ToAuthorizedKeysLine());

    private static List<ParsedKey> ParseKeys(string text)
    {
        var parsed = new List<ParsedKey>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return parsed;
        }

        try
        {
            foreach (var key in SshPublicKey.ParseMany(text))
            {
                parsed.Add(new ParsedKey(key.Algorithm, key.Fingerprint, key.Comment, null));
            }
        }
        catch (InputRejectedException e)
        {
            parsed.Add(new ParsedKey(null, null, null, e.Reason));
        }

        return parsed;
    }
}
