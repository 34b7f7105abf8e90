using System.Text.Json;
using System.Text.Json.Serialization;

namespace SftpJail.Core.Contract.Socket;

/// <summary>The one JSON shape of the executor socket, shared by the panel's client and the executor's server.</summary>
public static class ExecutorJson
{
    /// <summary>
    /// Largest request or response line, newline excluded; the executor's own request limit (Executor:MaxRequestBytes)
    /// defaults to it. Sized for the largest real state: 100,000 sites, each with a user and an ed25519 key, is
    /// about 25.7 MB of JSON (15.5 MB without keys); a test builds that state and checks it fits.
    /// </summary>
    public const int MaxMessageBytes = 32 * 1024 * 1024;

    /// <summary>
    /// camelCase, enums as strings, metadata generated at compile time (<see cref="ExecutorJsonContext"/>), so the
    /// positional records bind through their constructors and nothing is discovered by reflection at run time.
    /// Missing non-optional constructor arguments and nulls in non-nullable members are refused, not defaulted.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ExecutorJsonContext.Default.Options);
        options.MakeReadOnly();
        return options;
    }
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    IgnoreReadOnlyProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    MaxDepth = 32)]
[JsonSerializable(typeof(ExecutorRequest))]
[JsonSerializable(typeof(ExecutorResponse))]
internal sealed partial class ExecutorJsonContext : JsonSerializerContext;
