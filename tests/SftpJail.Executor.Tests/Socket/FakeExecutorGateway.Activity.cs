using System.Collections.Concurrent;
using SftpJail.Core.Activity;

namespace SftpJail.Executor.Tests.Socket;

internal sealed partial class FakeExecutorGateway : IActivitySource
{
    public static ActivityBatch SampleActivity { get; } = new(
        true,
        ["journal"],
        [new ActivityEvent(ActivityEventKind.FileClosed, new DateTimeOffset(2026, 12, 1, 1, 2, 3, TimeSpan.Zero), 733, Path: "/html/a \"b\"\nc", BytesRead: 0, BytesWritten: 42)],
        "j s=1;i=a5",
        More: true);

    public ConcurrentQueue<(string? Cursor, int Max)> ActivityReads { get; } = new();

    public ConcurrentQueue<(string User, int Pid)> SessionCloses { get; } = new();

    public Task<ActivityBatch> ReadActivityAsync(string? cursor, int max, CancellationToken cancellationToken = default)
    {
        ActivityReads.Enqueue((cursor, max));
        return Task.FromResult(SampleActivity);
    }

    public Task<SessionCloseResult> CloseSessionAsync(string userName, int pid, CancellationToken cancellationToken = default)
    {
        SessionCloses.Enqueue((userName, pid));
        return Task.FromResult(new SessionCloseResult(false, "refused for the test"));
    }
}
