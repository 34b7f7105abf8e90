using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using static SftpJail.Core.Tests.WebServer.WebProfiles;

namespace SftpJail.Core.Tests.WebServer;

/// <summary>
/// Renderers take only a parsed <see cref="SiteDomain"/>, so a hostile name is stopped at parsing; and whatever does
/// parse renders to exactly the template's structure, with nothing nginx or Apache would read as syntax.
/// </summary>
public sealed class HostileDomainTests
{
    public static TheoryData<string> Hostile() => new()
    {
        "example.com\nserver_name evil.com",
        "example.com\r\n",
        "example.com;",
        "example.com; include /etc/shadow",
        "example.com}",
        "{example.com",
        "example.com\"",
        "exa'mple.com",
        "example .com",
        "example.com\tevil",
        "$host.com",
        "example.com$1",
        "example.com#",
        "exa\0mple.com",
        "..example.com",
        "exa..mple.com",
        "*.example.com",
        "example.*",
        "example.com/../../etc",
        "example.com\\",
        "example.com`id`",
        "example%n.com",
        "<example>.com",
        "example.com\u2028evil",
        "-example.com",
        "example",
        "127.0.0.1",
        "",
        " ",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_domain_is_refused_before_any_renderer_sees_it(string text)
    {
        var error = Assert.Throws<InputRejectedException>(() => SiteDomain.Parse(text));

        Assert.Equal("domain", error.Field);
    }

    [Fact]
    public void Any_domain_that_parses_renders_to_the_template_structure_for_both_servers()
    {
        var accepted = 0;
        var property = Prop.ForAll(Arb.From(DomainLikeText()), text =>
        {
            if (!SiteDomain.TryParse(text, out var domain, out _))
            {
                return true;
            }

            accepted++;
            return RendersLikeTheTemplate(domain);
        });

        property.Check(Config.QuickThrowOnFailure.WithMaxTest(2000));

        // The generator must really exercise the renderers, not only the parser's refusals.
        Assert.True(accepted > 200, $"only {accepted} generated domains parsed");
    }

    [Fact]
    public void Arbitrary_strings_either_fail_to_parse_or_render_like_the_template()
    {
        Prop.ForAll<string>(text => text is null || !SiteDomain.TryParse(text, out var domain, out _) || RendersLikeTheTemplate(domain))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    private static bool RendersLikeTheTemplate(SiteDomain domain)
    {
        foreach (var family in new[] { "Debian", "Rhel" })
        {
            var host = Host(family);
            foreach (var kind in new[] { "Nginx", "Apache" })
            {
                var web = Web(host, kind);
                foreach (var tls in new[] { null, Certificate("example.com") })
                {
                    var reference = VhostRenderer.Render(Site("example.com"), host, web, tls);
                    var text = VhostRenderer.Render(new SiteSpec(domain, true, []), host, web, tls);
                    var nameDirective = kind == "Nginx" ? "server_name " : "ServerName ";
                    var blocks = tls is null ? 1 : 2;

                    Assert.Equal(blocks, CountLinesStartingWith(text, nameDirective));
                    Assert.Equal(CountLines(reference), CountLines(text));
                    foreach (var syntax in ";{}\"<>#$'`\\")
                    {
                        Assert.Equal(reference.Count(c => c == syntax), text.Count(c => c == syntax));
                    }

                    var expectedName = kind == "Nginx" ? $"server_name {domain.Value} www.{domain.Value};" : $"ServerName {domain.Value}";
                    Assert.Equal(blocks, text.Split('\n').Count(line => line.Trim() == expectedName));
                }
            }
        }

        return true;
    }

    private static int CountLines(string text) => text.Count(c => c == '\n');

    private static int CountLinesStartingWith(string text, string prefix) =>
        text.Split('\n').Count(line => line.TrimStart().StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>Two to four labels from an alphabet mixing DNS characters, Unicode letters and config syntax.</summary>
    private static Gen<string> DomainLikeText()
    {
        var safe = "abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray();
        var unicode = new[] { 'ü', 'ß', 'é', 'ж', '例', 'Ａ', 'K' };
        var hostile = new[] { ';', '{', '}', '"', '\'', ' ', '$', '#', '\0', '\n', '\r', '*', '.', '/', '\\', '<', '>', '%', '`', '\t' };
        var character = Gen.Frequency(
            (40, Gen.Elements(safe)),
            (4, Gen.Elements(unicode)),
            (1, Gen.Elements(hostile)));
        var label = Gen.Choose(1, 12).SelectMany(length => Gen.ArrayOf(character, length)).Select(chars => new string(chars));
        return Gen.Choose(2, 4).SelectMany(count => Gen.ArrayOf(label, count)).Select(labels => string.Join('.', labels));
    }
}
