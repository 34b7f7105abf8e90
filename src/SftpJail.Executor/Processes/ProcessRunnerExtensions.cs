namespace SftpJail.Executor.Processes;

public static class ProcessRunnerExtensions
{
    /// <summary>Like <see cref="IProcessRunner.RunAsync"/>, but a non-zero exit throws <see cref="HostCommandException"/>.</summary>
    public static async Task<ProcessResult> RunCheckedAsync(this IProcessRunner runner, ProcessSpec spec, CancellationToken ct = default)
    {
        var result = await runner.RunAsync(spec, ct).ConfigureAwait(false);
        return result.Succeeded ? result : throw new HostCommandException(spec, result);
    }
}
