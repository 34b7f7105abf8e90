namespace SftpJail.Core.Values;

/// <summary>Thrown when user input cannot be parsed into a typed value. The message is safe to show to the user.</summary>
public sealed class InputRejectedException(string field, string message) : Exception($"{field}: {message}")
{
    public string Field { get; } = field;

    public string Reason { get; } = message;
}
