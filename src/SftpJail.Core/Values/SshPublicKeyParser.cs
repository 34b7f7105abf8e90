using System.Diagnostics.CodeAnalysis;

namespace SftpJail.Core.Values;

internal static class SshPublicKeyParser
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out SshPublicKey? key, [NotNullWhen(false)] out string? error)
    {
        // Placeholder until the parser lands: refuse everything.
        key = null;
        error = "SSH keys are not supported yet.";
        return false;
    }

    public static IReadOnlyList<SshPublicKey> ParseMany(string? text, string field) =>
        throw new InputRejectedException(field, "SSH keys are not supported yet.");
}
