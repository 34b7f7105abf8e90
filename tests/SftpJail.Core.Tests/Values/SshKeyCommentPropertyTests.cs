using FsCheck;
using FsCheck.Fluent;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Values;

[Collection(GeneratedSshKeysCollection.Name)]
public sealed class SshKeyCommentPropertyTests(GeneratedSshKeys keys)
{
    [Theory]
    [InlineData("ed25519")]
    [InlineData("rsa3072")]
    public void Any_comment_leaves_one_printable_line_that_starts_with_the_type_and_key_data(string name)
    {
        var generated = keys[name];
        var comments = HostileText.Mix("abcdefghijklmnopqrstuvwxyz0123456789 @.-_", 140);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(1000),
            Prop.ForAll(Arb.From(comments), comment =>
            {
                var text = $"{generated.Algorithm} {generated.Base64Blob} {comment}";
                if (!SshPublicKey.TryParse(text, out var key, out var error))
                {
                    // Only a line break can end the key line early and leave a second "key".
                    return comment.Contains('\n').Label($"rejected: {error}");
                }

                var line = key.ToAuthorizedKeysLine();
                var fields = line.Split(' ');
                return (line.All(c => c is >= ' ' and <= '~')
                        && fields[0] == generated.Algorithm
                        && fields[1] == generated.Base64Blob
                        && key.Comment.Length <= 100
                        && key.Comment == key.Comment.Trim()
                        && !key.Comment.Contains("  ", StringComparison.Ordinal)
                        && line == (key.Comment.Length == 0 ? $"{fields[0]} {fields[1]}" : $"{fields[0]} {fields[1]} {key.Comment}"))
                    .Label(line);
            }));
    }

    [Fact]
    public void Sanitising_keeps_every_printable_word_of_a_short_comment()
    {
        var words = HostileText.Text("abcdefghijklmnopqrstuvwxyz0123456789@.-_", 8);

        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(500),
            Prop.ForAll(Arb.From(Gen.ArrayOf(words, 5)), parts =>
            {
                var raw = string.Join(" \t ", parts);
                // Model: words are split on any whitespace, lose everything outside 0x21-0x7E, empty words vanish.
                var expected = string.Join(' ', raw
                    .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
                    .Select(w => new string(w.Where(c => c is > ' ' and <= '~').ToArray()))
                    .Where(w => w.Length > 0));
                var sanitised = SshKeyText.SanitiseComment(raw);

                return (expected.Length > 100 || sanitised == expected).Label($"'{sanitised}' != '{expected}'");
            }));
    }
}
