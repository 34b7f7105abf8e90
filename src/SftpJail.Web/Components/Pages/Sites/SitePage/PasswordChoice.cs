namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>What the password dialog chose: <see cref="Typed"/> to set that password, null to generate one.</summary>
public sealed record PasswordChoice(string? Typed)
{
    public bool Generate => Typed is null;

    // A record prints its members; this one must never print the password it carries.
    public override string ToString() => Generate ? "PasswordChoice(generate)" : "PasswordChoice(typed)";
}
