using SftpJail.Core.Planning;

namespace SftpJail.Cli.Output;

internal static class Steps
{
    public static async Task WriteAsync(TextWriter writer, IReadOnlyList<PlanStep> steps, bool withDiffs = false)
    {
        foreach (var step in steps)
        {
            await writer.WriteLineAsync($"  {step.Kind} {step.Target}: {step.Summary}");
            if (withDiffs && step.Diff is not null)
            {
                foreach (var line in step.Diff.TrimEnd('\n').Split('\n'))
                {
                    await writer.WriteLineAsync("    " + line);
                }
            }
        }
    }
}
