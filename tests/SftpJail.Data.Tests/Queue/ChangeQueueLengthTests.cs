using SftpJail.Data.Storage;

namespace SftpJail.Data.Tests.Queue;

/// <summary>The queue length the metrics report: live holders and waiters, never a dead holder's leftover entry.</summary>
public sealed class ChangeQueueLengthTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-queue-length-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(directory, "sftpjail.db")}";

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Counts_the_holder_and_each_waiter_of_a_file_queue_and_nothing_once_they_are_done()
    {
        var queue = ChangeQueue.For(ConnectionString);
        File.WriteAllText(Path.Combine(directory, "sftpjail.db.queue.000000000007"), string.Empty); // a dead holder's
        Assert.Equal(0, queue.Length());

        var holder = await queue.EnterAsync(null, CancellationToken.None);
        var waiting = new TaskCompletionSource();
        var waiter = Task.Run(async () =>
        {
            await using var turn = await queue.EnterAsync(_ => waiting.TrySetResult(), CancellationToken.None);
        });
        await waiting.Task;

        Assert.Equal(2, queue.Length());
        await holder.DisposeAsync();
        await waiter;
        Assert.Equal(0, queue.Length());
    }
}
