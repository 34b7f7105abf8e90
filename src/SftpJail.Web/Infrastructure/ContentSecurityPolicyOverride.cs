namespace SftpJail.Web.Infrastructure;

/// <summary>
/// Endpoint metadata: <see cref="SecurityHeaders"/> sends <see cref="Policy"/> instead of the panel's policy for this
/// endpoint only (the API reference page). Every other response keeps the strict policy.
/// </summary>
public sealed record ContentSecurityPolicyOverride(string Policy);
