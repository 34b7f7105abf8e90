using SftpJail.Core.Contract;
using SftpJail.Data.HostAccess;
using SftpJail.Web.Identity;

namespace SftpJail.Web.Components.Pages.Host;

/// <summary>What the interactive SSH access page shows, read in one authorised operation.</summary>
public sealed record SshAccessState(
    HostAccessView View,
    BruteForceAdvice Advice,
    FailedLoginReport? FailedLogins,
    string? ExecutorError,
    string? ArrivedFor,
    IReadOnlyList<ArrivedKey> ArrivedKeys,
    string? ArrivedError,
    DateTimeOffset LoadedAt)
{
    /// <summary>How long after an enrolment window closed its arrived keys are still offered for approval.</summary>
    public static readonly TimeSpan ArrivedKeysAfterClose = TimeSpan.FromHours(24);

    public bool EnrolmentOpen => View.Enrolment is { } window && window.ExpiresAtUtc > LoadedAt;

    public static async Task<SshAccessState> LoadAsync(PanelOperation operation)
    {
        var now = operation.Get<TimeProvider>().GetUtcNow();
        var view = await operation.Get<IHostAccessService>().GetAsync();
        var executor = operation.Get<IExecutorGateway>();
        HostInfo? info = null;
        FailedLoginReport? logins = null;
        string? error = null;
        try
        {
            info = await executor.GetHostInfoAsync();
            logins = await executor.GetRecentFailedLoginsAsync(now.AddHours(-24));
        }
        catch (ExecutorUnavailableException e)
        {
            error = $"The executor is unavailable: {e.Message}";
        }

        string? arrivedFor = null;
        IReadOnlyList<ArrivedKey> arrived = [];
        string? arrivedError = null;
        if (view.Enrolment is { } window && window.ExpiresAtUtc + ArrivedKeysAfterClose >= now && view.Admins.Any(a => a.Name == window.Admin))
        {
            arrivedFor = window.Admin;
            try
            {
                arrived = await executor.GetArrivedKeysAsync(window.Admin);
            }
            catch (ExecutorUnavailableException e)
            {
                arrivedError = e.Message;
            }
        }

        return new SshAccessState(view, BruteForceAdvice.For(info), logins, error, arrivedFor, arrived, arrivedError, now);
    }
}
