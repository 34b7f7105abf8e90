using SftpJail.Core.Values;

namespace SftpJail.Data.Services;

/// <summary>Proposes an SFTP user name from a site's domain when staff leave the field empty.</summary>
public static class UserNameSuggestion
{
    /// <summary>
    /// The first label of the ASCII domain ("www." skipped: "www" says nothing about the customer), keeping only
    /// a-z, 0-9, '_' and '-', with "s" in front when it would start with a digit, cut to 32 characters. The result
    /// can still be reserved ("mail"); <see cref="Candidates"/> then offers numbered variants.
    /// </summary>
    public static string FromDomain(SiteDomain domain)
    {
        var labels = domain.Value.Split('.');
        var label = labels.Length > 2 && labels[0] == "www" ? labels[1] : labels[0];
        var name = new string(label.ToLowerInvariant().Where(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-').ToArray());
        if (name.Length == 0)
        {
            name = "site";
        }
        else if (!char.IsAsciiLetterLower(name[0]))
        {
            name = "s" + name;
        }

        return name.Length > 32 ? name[..32] : name;
    }

    /// <summary>The suggestion, then name-2, name-3 ... (shortened to stay within 32 characters), each a valid user name.</summary>
    public static IEnumerable<LinuxUserName> Candidates(SiteDomain domain)
    {
        var stem = FromDomain(domain);
        for (var n = 1; n < 1000; n++)
        {
            var suffix = n == 1 ? string.Empty : "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = (stem.Length + suffix.Length > 32 ? stem[..(32 - suffix.Length)] : stem) + suffix;
            if (LinuxUserName.TryParse(text, out var name, out _))
            {
                yield return name;
            }
        }
    }
}
