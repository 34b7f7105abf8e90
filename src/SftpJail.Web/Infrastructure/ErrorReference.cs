namespace SftpJail.Web.Infrastructure;

/// <summary>
/// A failure shown to a customer as a generic sentence and a reference; what actually went wrong (executor errors,
/// paths, exception text) goes to the panel's log under that reference, where staff can find it.
/// </summary>
public static partial class ErrorReference
{
    public const string CustomerText = "This could not be done right now. Nothing was changed; tell your provider this reference:";

    /// <summary>Logs <paramref name="detail"/> and returns the reference to show (the request's trace identifier).</summary>
    public static string Record(ILogger logger, HttpContext? context, string what, string detail)
    {
        var reference = context?.TraceIdentifier is { Length: > 0 } id ? id : Guid.NewGuid().ToString("N")[..16];
        LogFailure(logger, reference, what, detail);
        return reference;
    }

    [LoggerMessage(LogLevel.Error, "Error reference {Reference}: {What}: {Detail}")]
    private static partial void LogFailure(ILogger logger, string reference, string what, string detail);
}
