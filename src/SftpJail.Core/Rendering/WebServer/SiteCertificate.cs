using SftpJail.Core.Values;

namespace SftpJail.Core.Rendering.WebServer;

/// <summary>A site's TLS certificate chain and private key as files already on the host (no ACME client here).</summary>
public sealed record SiteCertificate(AbsolutePath CertFile, AbsolutePath KeyFile);
