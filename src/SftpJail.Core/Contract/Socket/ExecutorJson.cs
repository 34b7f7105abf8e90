using System.Text.Json;
using System.Text.Json.Serialization;

namespace SftpJail.Core.Contract.Socket;

/// <summary>The one JSON shape of the executor socket, shared by the panel's client and the executor's server.</summary>
public static class ExecutorJson
{
    /// <summary>Largest request or response line, newline excluded. Both sides refuse anything larger.</summary>
    public const int MaxMessageBytes = 16 * 1024 * 1024;

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
