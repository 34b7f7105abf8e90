namespace SftpJail.Web.Api;

/// <summary>The REST API's settings (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>Requests one token may make per minute; more are answered 429 with Retry-After.</summary>
    public int RequestsPerMinute { get; set; } = 300;

    /// <summary>Requests per minute from one address without a valid token (refused tokens, the OpenAPI document).</summary>
    public int AnonymousRequestsPerMinute { get; set; } = 60;
}
