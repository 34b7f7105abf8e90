namespace SftpJail.Data.Identity;

/// <summary>
/// One change to a panel account at a time in this process. <see cref="AdminLockoutRule"/> counts the working admins
/// and then allows the change; two admins demoting, locking or deleting each other at the same moment would both be
/// counted against the same two admins and leave none. The panel process is the only writer of panel accounts.
/// </summary>
public static class AdminChangeGate
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Runs <paramref name="change"/> (its lock-out check and its writes) alone.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        await Gate.WaitAsync();
        try
        {
            return await change();
        }
        finally
        {
            Gate.Release();
        }
    }
}
