namespace SftpJail.Executor.Hosting;

/// <summary>The daemon cannot start as configured; the message says what to change and is printed as is.</summary>
public sealed class ExecutorStartupException(string message, Exception? inner = null) : Exception(message, inner);
