using SftpJail.Core.Activity;
using SftpJail.Data.Audit;
using SftpJail.Data.Services;

namespace SftpJail.Data.Activity;

/// <summary>
/// "Close session": asks the executor to end one stored open session (it checks that the pid is that account's sshd
/// process), marks it closed when it did, and audits the attempt either way.
/// </summary>
public sealed class SessionCloser(SftpJailDbContext db, ActivityQueries queries, IActivitySource? source, IAuditLog audit, TimeProvider time)
{
    public const string AuditAction = "session.close";

    public async Task<SessionCloseResult> CloseAsync(int siteId, string domain, long sessionId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (await queries.FindSessionAsync(siteId, sessionId, cancellationToken) is not { ClosedAt: null } session)
        {
            return new SessionCloseResult(false, "That session is not open (any more).");
        }

        var result = source is null
            ? new SessionCloseResult(false, "The panel has no executor that can end sessions (preview mode).")
            : await source.CloseSessionAsync(session.UserName, session.Pid, cancellationToken);
        if (result.Closed)
        {
            session.ClosedAt = time.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.AppendAsync(actor, AuditAction, $"{domain}/{session.UserName}", new { session.Pid, session.Address, session.OpenedAt }, null,
            result.Closed ? AuditResults.Applied : AuditResults.Refused, result.Closed ? null : result.Message, cancellationToken: cancellationToken);
        return result;
    }
}
