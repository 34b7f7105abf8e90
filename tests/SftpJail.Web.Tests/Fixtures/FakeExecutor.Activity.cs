using System.Collections.Concurrent;
using System.Globalization;
using SftpJail.Core.Activity;

namespace SftpJail.Web.Tests.Fixtures;

/// <summary>The executor's activity log as a list the test appends to; the cursor is how many events were handed out.</summary>
public sealed partial class FakeExecutor : IActivitySource
{
    private readonly List<ActivityEvent> activity = [];

    /// <summary>False: the executor "found" no journal and no log file.</summary>
    public bool ActivitySourceFound { get; set; } = true;

    /// <summary>What the executor says its sources cannot show (no transfer log).</summary>
    public string? ActivityWarning { get; set; }

    /// <summary>The relay's count of forged lines dropped (null: no relay).</summary>
    public long? RelayForged { get; set; }

    public ConcurrentQueue<(string User, int Pid)> ClosedSessions { get; } = new();

    public void Log(params ActivityEvent[] events)
    {
        lock (activity)
        {
            activity.AddRange(events);
        }
    }

    public Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default)
    {
        var from = int.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (!ActivitySourceFound)
        {
            return Task.FromResult(ActivityBatch.NoSource(cursor ?? ""));
        }

        lock (activity)
        {
            var batch = activity.Skip(from).Take(max).ToList();
            var next = from + batch.Count;
            return Task.FromResult(new ActivityBatch(true, ["/fake/sshd.log"], batch, next.ToString(CultureInfo.InvariantCulture), next < activity.Count, ActivityWarning, RelayForged));
        }
    }

    public Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default)
    {
        ClosedSessions.Enqueue((userName, pid));
        return Task.FromResult(new SessionCloseResult(true, $"Sent the session {pid} of {userName} the signal to end."));
    }
}
