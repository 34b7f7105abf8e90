using System.Text.Json.Serialization;

namespace SftpJail.Core.Contract.Socket;

/// <summary>The calls of <see cref="IExecutorGateway"/>, named on the wire.</summary>
public enum ExecutorOperation
{
    Plan,
    Apply,
    Reconcile,
    HostInfo,
    EffectiveSettings,
    FailedLogins,
    ArrivedKeys,
    CountersignAudit,
    CheckAudit,
    PendingHostAccess,
    ApproveHostAccess,
    ReadActivity,
    CloseSession,
}

/// <summary>
/// One request per connection, sent as a single line of JSON. <see cref="State"/> is required by Plan, Apply and
/// Reconcile; <see cref="Passwords"/> is read only by Apply; <see cref="UserName"/> by EffectiveSettings and ArrivedKeys, and
/// <see cref="Since"/> by FailedLogins; <see cref="AuditRows"/> by CountersignAudit, <see cref="SealedRows"/> by
/// CheckAudit and <see cref="ApprovalCode"/> by ApproveHostAccess; <see cref="ActivityCursor"/> and <see cref="MaxEvents"/> by
/// ReadActivity, <see cref="UserName"/> and <see cref="Pid"/> by CloseSession. Never log or serialise a request anywhere but the socket:
/// it can carry passwords. <see cref="Contract"/> is the sender's <see cref="ExecutorContract"/>, stamped by
/// <see cref="ExecutorFraming"/> when left null. <see cref="StreamProgress"/> (contract 1.3) asks an Apply to send
/// progress lines (responses with only <see cref="ExecutorResponse.Progress"/> set) before its final response; an
/// executor older than the field ignores it and sends the final response only.
/// </summary>
public sealed record ExecutorRequest(
    ExecutorOperation Operation,
    DesiredStateDto? State = null,
    IReadOnlyList<PasswordChange>? Passwords = null,
    string? UserName = null,
    DateTimeOffset? Since = null,
    IReadOnlyList<AuditRowHash>? AuditRows = null,
    IReadOnlyList<AuditSealedRow>? SealedRows = null,
    string? ApprovalCode = null,
    [property: JsonPropertyOrder(-1)] string? Contract = null,
    string? ActivityCursor = null,
    int? MaxEvents = null,
    int? Pid = null,
    bool StreamProgress = false)
{
    public override string ToString() =>
        $"ExecutorRequest {{ Operation = {Operation}, Sites = {State?.Sites.Count ?? 0}, Passwords = {Passwords?.Count ?? 0} }}";
}

/// <summary>
/// One final response per connection, after any progress lines a <see cref="ExecutorRequest.StreamProgress"/> apply
/// asked for. When <see cref="Ok"/> is false, <see cref="Error"/> says why in words safe to show
/// to staff; otherwise exactly the result matching the request's operation is set. <see cref="Contract"/> is the
/// executor's <see cref="ExecutorContract"/>, stamped by <see cref="ExecutorFraming"/>.
/// </summary>
public sealed record ExecutorResponse(
    bool Ok,
    string? Error = null,
    PlanResult? Plan = null,
    ApplyResult? Apply = null,
    ReconcileResult? Reconcile = null,
    HostInfo? HostInfo = null,
    EffectiveSettings? EffectiveSettings = null,
    FailedLoginReport? FailedLogins = null,
    IReadOnlyList<ArrivedKey>? ArrivedKeys = null,
    AuditCountersignResult? Countersign = null,
    AuditNotaryCheck? AuditCheck = null,
    IReadOnlyList<PendingHostAccessChange>? PendingHostAccess = null,
    [property: JsonPropertyOrder(-1)] string? Contract = null,
    Activity.ActivityBatch? Activity = null,
    Activity.SessionCloseResult? SessionClose = null,
    ApplyProgressEvent? Progress = null)
{
    /// <summary>A progress line of a streamed Apply: not the final response, another line follows.</summary>
    public bool IsProgress => Progress is not null;

    /// <summary>The error sent to a peer whose uid the executor does not accept.</summary>
    public const string NotAllowed = "not allowed";

    public static ExecutorResponse Failure(string error) => new(false, error);
}
