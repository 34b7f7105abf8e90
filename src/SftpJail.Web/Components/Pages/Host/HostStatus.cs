using System.Diagnostics;
using Microsoft.Extensions.Options;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Audit;
using SftpJail.Web.Executor;
using SftpJail.Web.Identity;
using SftpJail.Web.Infrastructure;

namespace SftpJail.Web.Components.Pages.Host;

/// <summary>What the interactive host page shows, read in one authorised operation (its own scope and DbContext).</summary>
public sealed record HostStatus(
    string ExecutorDescription,
    bool IsPreviewMode,
    HostInfo? Info,
    long ExecutorMs,
    string? ExecutorError,
    IReadOnlyList<string> DiskWarnings,
    AuditRecord? LastApply,
    FailedLoginReport? FailedLogins,
    string? LoginsError,
    string SftpHost,
    bool SftpHostUnset)
{
    /// <param name="requestHost">The host name the panel was reached by: what customers are told while Panel:SftpHostName is unset.</param>
    public static async Task<HostStatus> LoadAsync(PanelOperation operation, string requestHost)
    {
        var connection = operation.Get<ExecutorConnection>();
        var configured = operation.Get<IOptions<PanelOptions>>().Value.SftpHostName;
        var unset = string.IsNullOrWhiteSpace(configured);

        // The newest change that reached (or tried to reach) the host, whatever its outcome.
        var audit = operation.Get<IAuditLog>();
        var outcomes = new List<AuditRecord>();
        foreach (var result in new[] { AuditResults.Applied, AuditResults.Failed, AuditResults.Refused })
        {
            outcomes.AddRange((await audit.QueryAsync(new AuditQuery(Result: result, PageSize: 1))).Items);
        }

        var executor = operation.Get<IExecutorGateway>();
        HostInfo? info = null;
        string? error = null;
        FailedLoginReport? logins = null;
        string? loginsError = null;
        var watch = Stopwatch.StartNew();
        try
        {
            info = await executor.GetHostInfoAsync();
        }
        catch (Exception e) when (e is ExecutorUnavailableException or InvalidOperationException or IOException)
        {
            error = e.Message;
        }

        var ms = watch.ElapsedMilliseconds;
        if (info is not null)
        {
            try
            {
                logins = await executor.GetRecentFailedLoginsAsync(operation.Get<TimeProvider>().GetUtcNow().AddHours(-24));
            }
            catch (ExecutorUnavailableException e)
            {
                loginsError = $"The executor is unavailable: {e.Message}";
            }
        }

        return new HostStatus(
            connection.Description,
            connection.IsPreview,
            info,
            ms,
            error,
            info is null ? [] : HostDiskWarnings.For(info, operation.Get<SftpJailDbContext>()),
            outcomes.OrderByDescending(o => o.Id).FirstOrDefault(),
            logins,
            loginsError,
            unset ? requestHost : configured!.Trim(),
            unset);
    }
}
