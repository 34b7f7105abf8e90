using System.ComponentModel.DataAnnotations;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Socket;

/// <summary>The "Executor" configuration section: where the socket lives and who may use it.</summary>
public sealed class ExecutorSocketOptions : IValidatableObject
{
    public const string Section = "Executor";

    [Required]
    public string SocketPath { get; set; } = ExecutorSocketClient.DefaultSocketPath;

    /// <summary>The account the panel runs as; ignored when <see cref="PanelUid"/> is set.</summary>
    public string? PanelUser { get; set; } = "sftpjail-panel";

    [Range(0, int.MaxValue - 1)]
    public int? PanelUid { get; set; }

    /// <summary>Group that owns the socket (0660) and its directory (0750); the panel must be in it.</summary>
    public string? PanelGroup { get; set; } = "sftpjail-panel";

    /// <summary>Overrides <see cref="PanelGroup"/> with a numeric gid.</summary>
    [Range(0, int.MaxValue - 1)]
    public int? PanelGid { get; set; }

    /// <summary>Also accept uid 0 (the CLI run with sudo, an administrator's probe).</summary>
    public bool AllowRoot { get; set; } = true;

    /// <summary>Development preview only: start although not root (host changes will then fail).</summary>
    public bool AllowNonRoot { get; set; }

    /// <summary>Connections served at once; one more is answered "busy" and closed without reading it.</summary>
    [Range(1, 100_000)]
    public int MaxConnections { get; set; } = 64;

    /// <summary>Largest request line. The default fits 100,000 sites with a key each; raise it for larger states.</summary>
    [Range(64 * 1024, int.MaxValue - 1)]
    public int MaxRequestBytes { get; set; } = ExecutorJson.MaxMessageBytes;

    /// <summary>
    /// Request bytes all connections together may buffer beyond their first 64 KiB; unset: twice
    /// <see cref="MaxRequestBytes"/>. Peak request memory is about this plus <see cref="MaxConnections"/> × 64 KiB.
    /// </summary>
    [Range(64 * 1024, long.MaxValue)]
    public long? RequestMemoryBytes { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(SocketPath) || SocketPath[0] != '/' || SocketPath.EndsWith('/') || SocketPath.Contains('\0', StringComparison.Ordinal))
        {
            yield return new ValidationResult($"Executor:SocketPath '{SocketPath}' must be an absolute path to a file.", [nameof(SocketPath)]);
        }
        else if (System.Text.Encoding.UTF8.GetByteCount(SocketPath) > 107)
        {
            // sockaddr_un.sun_path is 108 bytes including the terminating NUL (unix(7)).
            yield return new ValidationResult($"Executor:SocketPath '{SocketPath}' is longer than the 107 bytes a Unix socket path may have.", [nameof(SocketPath)]);
        }

        if (PanelUid is null && string.IsNullOrWhiteSpace(PanelUser))
        {
            yield return new ValidationResult("Set Executor:PanelUser (a user name) or Executor:PanelUid (a number).", [nameof(PanelUser), nameof(PanelUid)]);
        }

        if (PanelGid is null && string.IsNullOrWhiteSpace(PanelGroup))
        {
            yield return new ValidationResult("Set Executor:PanelGroup (a group name) or Executor:PanelGid (a number).", [nameof(PanelGroup), nameof(PanelGid)]);
        }
    }
}
