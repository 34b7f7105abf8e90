using SftpJail.Data.Storage;

namespace SftpJail.Data.Tests.Queue;

/// <summary>The database's change queue over a real file: separate opens exclude each other as processes do.</summary>
public sealed class ChangeQueueTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("sftpjail-queue-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(directory, "sftpjail.db")}";

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Waiters_go_one_at_a_time_in_arrival_order_and_hear_how_many_are_ahead()
    {
        var queue = ChangeQueue.For(ConnectionString);
        var first = await queue.EnterAsync(null, CancellationToken.None);
        var order = new List<int>();
        var heard = new List<int>[3];
        var waiters = new List<Task>();
        for (var i = 0; i < 3; i++)
        {
            var n = i;
            heard[n] = [];
            var entered = new TaskCompletionSource();
            waiters.Add(Task.Run(async () =>
            {
                await using var turn = await queue.EnterAsync(ahead => heard[n].Add(ahead), CancellationToken.None);
                lock (order)
                {
                    order.Add(n);
                }
            }));
            await WaitUntilAsync(() => heard[n].Count > 0);
        }

        await first.DisposeAsync();
        await Task.WhenAll(waiters);

        Assert.Equal([0, 1, 2], order);
        Assert.Equal(1, heard[0][0]);
        Assert.Equal(3, heard[2][0]);
        Assert.Empty(Directory.EnumerateFiles(directory, "sftpjail.db.queue.0*"));
    }

    [Fact(Timeout = 30_000)]
    public async Task An_entry_left_by_a_holder_that_died_does_not_block_the_queue()
    {
        // A dead holder's entry: the file is there, nobody holds its lock.
        File.WriteAllText(Path.Combine(directory, "sftpjail.db.queue.000000000001"), string.Empty);

        await using var turn = await ChangeQueue.For(ConnectionString).EnterAsync(null, CancellationToken.None);

        Assert.False(File.Exists(Path.Combine(directory, "sftpjail.db.queue.000000000001")));
    }

    [Fact(Timeout = 30_000)]
    public async Task Two_named_in_memory_databases_have_queues_of_their_own_and_one_name_shares_one()
    {
        var name = $"queue-{Guid.NewGuid():N}";
        var held = await ChangeQueue.For($"Data Source={name};Mode=Memory;Cache=Shared").EnterAsync(null, CancellationToken.None);

        var other = ChangeQueue.For($"Data Source={name}-other;Mode=Memory;Cache=Shared").EnterAsync(null, CancellationToken.None);
        var same = ChangeQueue.For($"Data Source={name};Mode=Memory;Cache=Shared").EnterAsync(null, CancellationToken.None);

        await (await other).DisposeAsync();
        await Task.Delay(200);
        Assert.False(same.IsCompleted, "a second change to the same database must wait for the first");
        await held.DisposeAsync();
        await (await same).DisposeAsync();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
