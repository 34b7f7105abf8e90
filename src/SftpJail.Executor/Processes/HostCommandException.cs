namespace SftpJail.Executor.Processes;

/// <summary>
/// A host command failed to start or exited non-zero. The message names the command line and the first line of
/// stderr; it never contains the standard input, which is where secrets are passed, even if the program echoed it.
/// </summary>
public sealed class HostCommandException : Exception
{
    public HostCommandException(ProcessSpec spec, ProcessResult result)
        : base(SecretScrubber.Scrub(spec, $"`{spec.CommandLine}` exited {result.ExitCode}: {result.FirstErrorLine}"))
    {
        CommandLine = SecretScrubber.Scrub(spec, spec.CommandLine);
        ExitCode = result.ExitCode;
        StandardError = SecretScrubber.Scrub(spec, result.StandardError);
    }

    public HostCommandException(ProcessSpec spec, string reason, Exception? inner = null)
        : base(SecretScrubber.Scrub(spec, $"`{spec.CommandLine}` could not be started: {reason}"), inner)
    {
        CommandLine = SecretScrubber.Scrub(spec, spec.CommandLine);
    }

    public string CommandLine { get; }

    /// <summary>Null when the program never ran.</summary>
    public int? ExitCode { get; }

    /// <summary>The whole standard error, with the standard input and <see cref="ProcessSpec.Secrets"/> scrubbed out.</summary>
    public string StandardError { get; } = string.Empty;
}
