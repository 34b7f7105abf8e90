using System.ComponentModel.DataAnnotations;

namespace SftpJail.Web.Executor;

public enum ExecutorMode
{
    /// <summary>Talk to the root executor daemon over its Unix socket (production).</summary>
    Socket,

    /// <summary>Plan with an in-process engine but refuse every apply: nothing on the host changes.</summary>
    Preview,

    /// <summary>Start the executor daemon as a child process and talk to it over its socket (development as root).</summary>
    Spawn,
}

/// <summary>The "Executor" configuration section: how the panel reaches the privileged executor.</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Executor";

    /// <summary>Unset: Spawn in Development when running as root, Socket in production as a service, Preview otherwise.</summary>
    public ExecutorMode? Mode { get; set; }

    [Required]
    public string SocketPath { get; set; } = "/run/sftpjail/executor.sock";

    /// <summary>Spawn mode: the executor's SftpJail.Executor.dll; unset looks next to the panel and in the source tree's build output.</summary>
    public string? SpawnAssemblyPath { get; set; }

    /// <summary>
    /// Spawn mode: how long to wait for the child's socket to answer. The executor converges the host (drop-in,
    /// dedicated sshd) before it answers, which took over 30 s on a loaded 2-core machine; the panel then aborted.
    /// </summary>
    [Range(1, 600)]
    public int SpawnStartSeconds { get; set; } = 180;
}
