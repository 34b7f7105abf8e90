namespace SftpJail.Executor.Processes;

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public bool Succeeded => ExitCode == 0;

    public string FirstErrorLine =>
        StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? string.Empty;

    /// <summary>
    /// For logs: the exit code and sizes only. The output streams may echo a secret from stdin and the result does
    /// not know which, so the record's generated ToString (every property) would leak it.
    /// </summary>
    public override string ToString() =>
        $"exit {ExitCode} after {Elapsed.TotalSeconds:0.###} s (stdout {StandardOutput.Length} chars, stderr {StandardError.Length} chars)";
}
