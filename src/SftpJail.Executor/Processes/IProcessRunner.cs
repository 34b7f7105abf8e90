namespace SftpJail.Executor.Processes;

public interface IProcessRunner
{
    /// <summary>
    /// Runs the program to completion and returns its exit code and output, whatever the exit code.
    /// Throws <see cref="TimeoutException"/> or <see cref="OperationCanceledException"/> after killing the whole
    /// process tree, and <see cref="HostCommandException"/> when the program cannot be started.
    /// </summary>
    Task<ProcessResult> RunAsync(ProcessSpec spec, CancellationToken ct = default);
}
