namespace SftpJail.Cli.Commands;

/// <summary>A bound command, ready to run once the services exist.</summary>
public delegate Task<int> Invocation(CliContext context, CancellationToken cancellationToken);

/// <param name="Name">The words that select it ("user key add").</param>
/// <param name="Bind">
/// Parses the remaining words and reads what they point at (stdin, key files) before any service is built, so a usage
/// error never opens the database or reaches the executor.
/// </param>
public sealed record Command(string Name, string Usage, string Summary, bool UsesDatabase, Func<IReadOnlyList<string>, TextReader, Invocation> Bind);
