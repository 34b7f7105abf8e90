using SftpJail.Core.Contract.Socket;

namespace SftpJail.Cli.Hosting;

/// <summary>The "Executor" section: how the CLI reaches the privileged executor.</summary>
public sealed class ExecutorOptions
{
    public const string Section = "Executor";

    /// <summary>"InProcess" (the CLI is the executor; needs root) or "Socket" (talk to sftpjail-executor). Unset: InProcess as root, Socket otherwise.</summary>
    public string? Mode { get; set; }

    public string SocketPath { get; set; } = ExecutorSocketClient.DefaultSocketPath;
}
