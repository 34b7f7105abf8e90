using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Contract;
using SftpJail.Data;
using SftpJail.Data.Services;
using SftpJail.Data.Storage;

namespace SftpJail.Web.Operations;

/// <summary>
/// The panel's instruments (System.Diagnostics.Metrics, one meter per host from its <see cref="IMeterFactory"/>), fed
/// where things happen: applies and reconciles through <see cref="IApplyObserver"/>, sign-ins from the account audit,
/// SFTP logins from the customer activity history (<see cref="SftpActivityMetrics"/>).
/// <see cref="PrometheusExposition"/> serves them at <c>/metrics</c>.
/// </summary>
public sealed class PanelMetrics : IApplyObserver
{
    public const string MeterName = "SftpJail.Panel";

    private readonly Counter<long> applies;
    private readonly Counter<long> applyFailures;
    private readonly Histogram<double> applyDuration;
    private readonly Counter<long> logins;
    private readonly Counter<long> failedLogins;
    private readonly ChangeQueue queue;
    private long drift = -1;

    public PanelMetrics(IMeterFactory meters, IServiceProvider services)
    {
        Meter = meters.Create(MeterName);
        queue = ChangeQueue.For(ConnectionString(services));
        applies = Meter.CreateCounter<long>("sftpjail.applies", description: "Applies sent to the executor (every attempt).");
        applyFailures = Meter.CreateCounter<long>("sftpjail.apply.failures", description: "Applies that failed or were refused, or could not reach the executor.");
        applyDuration = Meter.CreateHistogram<double>("sftpjail.apply.duration", unit: "s", description: "Time the executor took to apply, in seconds.");
        logins = Meter.CreateCounter<long>("sftpjail.panel.logins", description: "Completed panel sign-ins.");
        failedLogins = Meter.CreateCounter<long>("sftpjail.panel.failed.logins", description: "Failed panel sign-ins: wrong password, wrong code, lockout.");
        Meter.CreateObservableGauge("sftpjail.queue.length", QueueLength, description: "Changes holding or waiting for the database's change queue.");
        Meter.CreateObservableGauge("sftpjail.drift", Drift, description: "Differences the last reconcile found (absent until one ran).");
        Sftp = new SftpActivityMetrics(Meter, services.GetRequiredService<IDbContextFactory<SftpJailDbContext>>());
    }

    public Meter Meter { get; }

    public SftpActivityMetrics Sftp { get; }

    public void Applied(ApplyResult? result, TimeSpan duration)
    {
        applies.Add(1);
        applyDuration.Record(duration.TotalSeconds);
        if (result is not { Succeeded: true })
        {
            applyFailures.Add(1);
        }
    }

    public void Reconciled(ReconcileResult result)
    {
        if (result.Error is null)
        {
            Interlocked.Exchange(ref drift, result.Drift.Count);
        }
    }

    public void SignedIn() => logins.Add(1);

    public void SignInFailed() => failedLogins.Add(1);

    private IEnumerable<Measurement<int>> QueueLength()
    {
        int length;
        try
        {
            length = queue.Length();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        yield return new Measurement<int>(length);
    }

    private IEnumerable<Measurement<long>> Drift()
    {
        var last = Interlocked.Read(ref drift);
        if (last >= 0)
        {
            yield return new Measurement<long>(last);
        }
    }

    private static string? ConnectionString(IServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<SftpJailDbContext>>().CreateDbContext();
        return db.Database.GetConnectionString();
    }
}
