namespace SftpJail.Executor.Processes;

/// <summary>
/// One host command as an argument vector: the program is started directly, never through a shell.
/// <see cref="StandardInput"/> may carry secrets (chpasswd) and is therefore left out of <see cref="ToString"/>.
/// </summary>
public sealed record ProcessSpec(string FileName, IReadOnlyList<string> Arguments)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Written to the child's stdin, which is then closed. When null the child gets an already closed stdin.</summary>
    public string? StandardInput { get; init; }

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Added to (or, with a null value, removed from) the executor's own environment.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>Values scrubbed from error text in case the program echoes them (the standard input is always scrubbed).</summary>
    public IReadOnlyList<string> Secrets { get; init; } = [];

    /// <summary>The command line for messages and logs: program and arguments only, never the standard input.</summary>
    public string CommandLine => string.Join(' ', new[] { FileName }.Concat(Arguments));

    public override string ToString() => CommandLine;
}
