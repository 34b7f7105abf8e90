using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace SftpJail.Core.Contract.Socket;

/// <summary>
/// The version of the socket contract, "MAJOR.MINOR", sent in every request and every response. Peers with the same
/// major version talk (a minor version only adds optional fields or operations); a different major is refused on
/// both sides with a message that names both versions. A message without a version is 1.0, the contract as it was
/// before the version was sent, which this contract still reads.
/// </summary>
public readonly record struct ExecutorContract(int Major, int Minor)
{
    /// <summary>Bump <see cref="Minor"/> for an added optional field or operation, <see cref="Major"/> for anything an older peer would misread.</summary>
    /// <remarks>1.2: activity operations; 1.3: an Apply may ask for progress lines (<see cref="ExecutorRequest.StreamProgress"/>).</remarks>
    public static readonly ExecutorContract Current = new(1, 3);

    /// <summary>What a message without a version speaks.</summary>
    public static readonly ExecutorContract Unversioned = new(1, 0);

    public const string PropertyName = "contract";

    public bool IsCompatibleWith(ExecutorContract other) => Major == other.Major;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Major}.{Minor}");

    /// <summary>Null when <paramref name="text"/> is not MAJOR.MINOR (digits only); null input is <see cref="Unversioned"/>.</summary>
    public static ExecutorContract? Parse(string? text)
    {
        if (text is null)
        {
            return Unversioned;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        return dot > 0
            && TryParsePart(text.AsSpan(0, dot), out var major)
            && TryParsePart(text.AsSpan(dot + 1), out var minor)
                ? new ExecutorContract(major, minor)
                : null;
    }

    /// <summary>
    /// The refusal a side sends or shows when the peer's version is not compatible with <see cref="Current"/>, or
    /// null when it is. <paramref name="peer"/> names the other side ("the panel", "the executor on /run/…").
    /// </summary>
    public static string? Refusal(string? peerVersion, string peer, string self)
    {
        var parsed = Parse(peerVersion);
        if (parsed is { } version && version.IsCompatibleWith(Current))
        {
            return null;
        }

        var theirs = parsed is { } known ? $"contract {known}" : "an unreadable contract version";
        return $"{Capitalise(peer)} speaks {theirs} and {self} speaks contract {Current}: they are from incompatible " +
            "SftpJail releases and will not talk. Install the same release of the panel and the executor " +
            "(deploy/install.sh) and restart both.";
    }

    /// <summary>
    /// Reads the top-level "contract" string of a message the full contract could not parse (an unknown field
    /// type, an unknown operation), so a peer of another major version still gets the version message. Null when
    /// the message has no such property; the text is never quoted beyond the version itself.
    /// </summary>
    public static string? Probe(ReadOnlySequence<byte> message)
    {
        try
        {
            var reader = new Utf8JsonReader(message, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContract = reader.ValueTextEquals(PropertyName);
                if (!reader.Read())
                {
                    return null;
                }

                if (isContract)
                {
                    return reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= 32 ? reader.GetString() : "?";
                }

                if (!reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static bool TryParsePart(ReadOnlySpan<char> part, out int value)
    {
        value = 0;
        if (part.IsEmpty || part.Length > 6)
        {
            return false;
        }

        foreach (var c in part)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        value = int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }

    private static string Capitalise(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
