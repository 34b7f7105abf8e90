namespace SftpJail.Executor.Processes;

internal static class SecretScrubber
{
    private const string Mask = "[redacted]";

    // Stdin lines shorter than this are left alone: scrubbing "y" out of every message would make it unreadable.
    // A short secret is declared in ProcessSpec.Secrets instead, and is scrubbed whatever its length.
    private const int MinimumStdinLine = 4;

    public static string Scrub(ProcessSpec spec, string text)
    {
        var stdinLines = spec.StandardInput?
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Length >= MinimumStdinLine) ?? [];
        return spec.Secrets
            .Concat(stdinLines)
            .Where(secret => secret.Length > 0)
            .OrderByDescending(secret => secret.Length)
            .Aggregate(text, (scrubbed, secret) => scrubbed.Replace(secret, Mask, StringComparison.Ordinal));
    }
}
