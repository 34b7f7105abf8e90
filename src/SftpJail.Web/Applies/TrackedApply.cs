using SftpJail.Core.Contract;
using SftpJail.Core.Planning;
using SftpJail.Data.Services.Import;

namespace SftpJail.Web.Applies;

/// <summary>Which page started an apply: only that page re-attaches to it (another would not show its secrets).</summary>
public enum ApplyKind
{
    AddCustomer,
    Import,
    Host,
}

/// <summary>What an apply ended with, for the page that shows it.</summary>
public sealed record ApplyOutcome(bool Succeeded, string? Error, IReadOnlyList<PlanStep> Steps, int? SiteId = null, string? Domain = null, string? UserName = null)
{
    // The default would print CustomerPassword and the generated ones (they pass through here on their way to the store).
    public override string ToString() =>
        $"ApplyOutcome {{ Succeeded = {Succeeded}, Error = {Error}, Steps = {Steps.Count}, Domain = {Domain}, UserName = {UserName}, secrets = *** }}";

    /// <summary>The Customer login created with the site, if any.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>That login's initial password: handed to the tracked apply's one-time store, never kept in its outcome.</summary>
    public string? CustomerPassword { get; init; }

    /// <summary>An import's generated SFTP passwords: handed to the one-time store like <see cref="CustomerPassword"/>.</summary>
    public IReadOnlyList<GeneratedPassword> GeneratedPasswords { get; init; } = [];

    /// <summary>An import's new customer logins with their initial passwords: to the one-time store as well.</summary>
    public IReadOnlyList<NewCustomerLogin> CustomerLogins { get; init; } = [];

    public int SiteCount { get; init; }

    public int UserCount { get; init; }
}

/// <summary>A Customer login an apply created, with its initial password (shown once, never logged).</summary>
public sealed record NewCustomerLogin(string Email, string Password)
{
    public override string ToString() => $"NewCustomerLogin {{ {Email}, *** }}";
}

/// <summary>The secrets an apply produced, each shown once.</summary>
public sealed record OneTimeSecrets(string? SftpPassword, string? CustomerPassword)
{
    public override string ToString() => $"OneTimeSecrets {{ {(IsEmpty ? "none" : "***")} }}";

    public IReadOnlyList<GeneratedPassword> GeneratedPasswords { get; init; } = [];

    public IReadOnlyList<NewCustomerLogin> CustomerLogins { get; init; } = [];

    public bool IsEmpty => SftpPassword is null && CustomerPassword is null && GeneratedPasswords.Count == 0 && CustomerLogins.Count == 0;
}

/// <summary>
/// One apply running in the background (see <see cref="ApplyTracker"/>): its progress so far, its outcome once done, and a
/// generated password held only until the page has shown it once.
/// </summary>
public sealed class TrackedApply : IProgress<ApplyProgressEvent>
{
    private readonly Lock sync = new();
    private readonly List<ApplyProgressEvent> events = [];
    private string? oneTimePassword;
    private string? customerPassword;
    private IReadOnlyList<GeneratedPassword> generatedPasswords = [];
    private IReadOnlyList<NewCustomerLogin> customerLogins = [];

    internal TrackedApply(ApplyKind kind, string id, string ownerId, string title, string? oneTimePassword, DateTimeOffset startedAt)
    {
        Kind = kind;
        Id = id;
        OwnerId = ownerId;
        Title = title;
        StartedAt = startedAt;
        this.oneTimePassword = oneTimePassword;
    }

    public ApplyKind Kind { get; }

    public string Id { get; }

    /// <summary>The panel account that started it: only that account re-attaches.</summary>
    public string OwnerId { get; }

    public string Title { get; }

    public DateTimeOffset StartedAt { get; }

    private DateTimeOffset? finishedAt;

    /// <summary>Whether it ended before <paramref name="cutoff"/>: retention counts from the end, so a long apply can still be re-attached after it.</summary>
    public bool FinishedBefore(DateTimeOffset cutoff)
    {
        lock (sync)
        {
            return finishedAt < cutoff;
        }
    }

    public ApplyOutcome? Outcome { get; private set; }

    public bool IsRunning => Outcome is null;

    /// <summary>Raised (on the apply's thread) after each progress event and once at the end.</summary>
    public event Action? Changed;

    public IReadOnlyList<ApplyProgressEvent> Events
    {
        get
        {
            lock (sync)
            {
                return [.. events];
            }
        }
    }

    /// <summary>
    /// The secrets still held, left in place: a page shows them, and its SecretsShown marker calls <see cref="ForgetSecrets"/>
    /// once the browser has them (the render that showed them was acknowledged), so a tab that vanished mid-render leaves
    /// them for a re-attach.
    /// </summary>
    public OneTimeSecrets PeekSecrets()
    {
        lock (sync)
        {
            return Outcome is not { Succeeded: true }
                ? new OneTimeSecrets(null, null)
                : new OneTimeSecrets(oneTimePassword, customerPassword) { GeneratedPasswords = generatedPasswords, CustomerLogins = customerLogins };
        }
    }

    /// <summary>False when there was nothing left to forget: another tab of the account had shown them first.</summary>
    public bool ForgetSecrets()
    {
        lock (sync)
        {
            var held = oneTimePassword is not null || customerPassword is not null || generatedPasswords.Count > 0 || customerLogins.Count > 0;
            oneTimePassword = null;
            customerPassword = null;
            generatedPasswords = [];
            customerLogins = [];
            return held;
        }
    }

    public void Report(ApplyProgressEvent value)
    {
        lock (sync)
        {
            events.Add(value);
        }

        Changed?.Invoke();
    }

    internal void Finish(ApplyOutcome outcome, DateTimeOffset finishedAt)
    {
        lock (sync)
        {
            this.finishedAt = finishedAt;
            customerPassword = outcome.Succeeded ? outcome.CustomerPassword : null;
            generatedPasswords = outcome.Succeeded ? outcome.GeneratedPasswords : [];
            customerLogins = outcome.Succeeded ? outcome.CustomerLogins : [];
            Outcome = outcome with { CustomerPassword = null, GeneratedPasswords = [], CustomerLogins = [] };
            if (!outcome.Succeeded)
            {
                oneTimePassword = null; // nothing was set: nothing to show
            }
        }

        Changed?.Invoke();
    }
}
