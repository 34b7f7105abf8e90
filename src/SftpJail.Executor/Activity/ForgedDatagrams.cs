using Microsoft.Extensions.Logging;

namespace SftpJail.Executor.Activity;

/// <summary>
/// Counts the datagrams the relay dropped as forged and warns about them at most once a <see cref="WarnEvery"/>, with
/// how many there were: a customer sending thousands cannot flood the executor's log. The warning names the sender's
/// uid and pid and a fixed reason, never the datagram's text, which is the sender's to choose.
/// </summary>
internal sealed class ForgedDatagrams(ILogger logger, TimeProvider clock)
{
    public static readonly TimeSpan WarnEvery = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private long count;
    private long sinceWarning;
    private DateTimeOffset? lastWarning;

    public long Count => Interlocked.Read(ref count);

    public void Drop(RelaySender? sender, string reason)
    {
        Interlocked.Increment(ref count);
        long dropped;
        lock (gate)
        {
            sinceWarning++;
            var now = clock.GetUtcNow();
            if (lastWarning is { } last && now - last < WarnEvery)
            {
                return;
            }

            lastWarning = now;
            dropped = sinceWarning;
            sinceWarning = 0;
        }

        logger.LogWarning(
            "Dropped {Count} internal-sftp log line(s) sent to the chroot log relay by a process that may not write them (last: uid {Uid}, pid {Pid}: {Reason})",
            dropped, sender?.Uid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", sender?.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", reason);
    }
}
