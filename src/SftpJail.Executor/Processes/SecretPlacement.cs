namespace SftpJail.Executor.Processes;

/// <summary>
/// Secrets travel on stdin only: argv and the environment are readable by every local user (/proc/PID/cmdline,
/// ps) or inherited by grandchildren, and the command line is what messages and logs print.
/// </summary>
internal static class SecretPlacement
{
    public static void EnsureSecretsOnlyOnStandardInput(ProcessSpec spec)
    {
        var visible = new[] { spec.FileName, spec.WorkingDirectory ?? string.Empty }
            .Concat(spec.Arguments)
            .Concat(spec.Environment?.SelectMany(variable => new[] { variable.Key, variable.Value ?? string.Empty }) ?? []);
        foreach (var text in visible)
        {
            if (spec.Secrets.Any(secret => secret.Length > 0 && text.Contains(secret, StringComparison.Ordinal)))
            {
                // The message names the program only: the offending argument is the secret.
                throw new ArgumentException(
                    $"A declared secret appears in the argument list, environment or working directory of '{SecretScrubber.Scrub(spec, spec.FileName)}'; secrets go on standard input only.",
                    nameof(spec));
            }
        }
    }
}
