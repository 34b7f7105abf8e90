namespace SftpJail.Executor.Socket;

/// <summary>
/// Bytes that all connections together may hold in request buffers. Each connection's first chunk is covered by the
/// connection cap; every further chunk is reserved here first, so many peers sending large requests at once wait
/// for each other instead of adding up to gigabytes.
/// </summary>
internal sealed class RequestMemoryBudget(long totalBytes)
{
    private long available = totalBytes;

    public long TotalBytes { get; } = totalBytes;

    public long InUse => TotalBytes - Interlocked.Read(ref available);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref available);
            if (current < bytes)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref available, current - bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref available, bytes);
}
