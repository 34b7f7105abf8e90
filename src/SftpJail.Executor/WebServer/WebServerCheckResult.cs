namespace SftpJail.Executor.WebServer;

/// <summary>The web server's own verdict on its whole configuration (<c>nginx -t</c>, <c>apachectl -t</c>).</summary>
/// <param name="Output">The checker's stderr and stdout: on failure, its message naming file and line.</param>
public sealed record WebServerCheckResult(bool Ok, string Output);
