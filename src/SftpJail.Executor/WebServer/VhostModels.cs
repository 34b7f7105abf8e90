using SftpJail.Core.Model;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;

namespace SftpJail.Executor.WebServer;

/// <summary>A site whose vhost should be installed: enabled or disabled as <see cref="SiteSpec.Enabled"/> says.</summary>
public sealed record VhostSite(SiteSpec Site, SiteCertificate? Tls = null);

/// <summary>The outcome of one vhost change set. On failure nothing is left changed and <see cref="Error"/> says why.</summary>
/// <param name="Changed">The files and links written or removed (empty when the host already matched).</param>
/// <param name="Error">The checker's message when validation failed, or the reload's.</param>
public sealed record VhostApplyResult(bool Succeeded, IReadOnlyList<AbsolutePath> Changed, string? Error)
{
    public static VhostApplyResult Failed(string error) => new(false, [], error);
}

/// <summary>Rendered vhost text for one domain. Internal: only the installer's own rendering, or a test, produces one.</summary>
internal sealed record VhostFile(SiteDomain Domain, string Content, bool Enabled);
