using SftpJail.Data.Storage;

namespace SftpJail.Data.Services;

/// <summary>
/// A service instance's hold on the database's <see cref="ChangeQueue"/>: <see cref="WaitAsync"/> takes a turn,
/// <see cref="Release"/> gives it back. One turn per instance at a time (its DbContext serves one call at a time).
/// </summary>
internal sealed class ChangeGate(ChangeQueue queue, ChangeQueueNotices? notices)
{
    private readonly SemaphoreSlim instance = new(1, 1);
    private IAsyncDisposable? turn;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        await instance.WaitAsync(cancellationToken);
        try
        {
            turn = await queue.EnterAsync(notices is null ? null : notices.Queued, cancellationToken);
        }
        catch
        {
            instance.Release();
            throw;
        }
    }

    public void Release()
    {
        var held = Interlocked.Exchange(ref turn, null);
        held?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        instance.Release();
    }
}
