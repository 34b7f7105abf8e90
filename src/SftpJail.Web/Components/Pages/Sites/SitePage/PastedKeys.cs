using SftpJail.Core.Values;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;

namespace SftpJail.Web.Components.Pages.Sites.SitePage;

/// <summary>Pasted key text parsed as it is typed, with Core's parser: each key's type and fingerprint, or why it is none.</summary>
public static class PastedKeys
{
    public static IReadOnlyList<ParsedKey> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        try
        {
            return [.. SshPublicKey.ParseMany(text).Select(k => new ParsedKey(k.Algorithm, k.Fingerprint, k.Comment, null))];
        }
        catch (InputRejectedException e)
        {
            return [new ParsedKey(null, null, null, e.Reason)];
        }
    }
}
