using System.Text.RegularExpressions;
using SftpJail.Core.Values;

namespace SftpJail.Core.Model;

/// <summary>A single sshd_config value token such as a cipher or MAC name: [a-z0-9@.+-], nothing sshd could split or expand.</summary>
public sealed partial record SshdToken
{
    private SshdToken(string value) => Value = value;

    public string Value { get; }

    [GeneratedRegex("^[a-z0-9][a-z0-9@.+_-]{0,99}$")]
    private static partial Regex Shape();

    public static SshdToken Parse(string? text, string field = "sshd value") =>
        text is not null && Shape().IsMatch(text)
            ? new SshdToken(text)
            : throw new InputRejectedException(field, $"'{text}' is not a valid sshd algorithm name.");

    public override string ToString() => Value;
}
