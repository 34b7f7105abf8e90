using System.Diagnostics;

/// <summary>Host commands for the benchmarks: argument lists, never a shell; optional standard input and environment.</summary>
internal static class Run
{
    public sealed record Output(int ExitCode, string StandardOutput, string StandardError)
    {
        public Output Checked(string what) =>
            ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited {ExitCode}: {StandardError.Trim()}");
    }

    public static async Task<Output> CommandAsync(string file, IEnumerable<string> args, string? stdin = null, IReadOnlyDictionary<string, string>? env = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Output(process.ExitCode, await stdout, await stderr);
    }

    public static Task<Output> CheckedAsync(string file, params string[] args) => CheckedAsync(file, args, null);

    public static async Task<Output> CheckedAsync(string file, IEnumerable<string> args, string? stdin) =>
        (await CommandAsync(file, args, stdin)).Checked(file);
}

/// <summary>Min and median of a series, and the ratio of two medians: figures to print, never to assert.</summary>
internal static class Figures
{
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    public static string MinMedian(IReadOnlyList<double> values, string unit) => $"min {values.Min():F1} {unit}, median {Median(values):F1} {unit}";

    /// <summary>One line: what, the measured series, the floor's series, and the ratio of their medians and minimums.</summary>
    public static void Compare(string what, IReadOnlyList<double> measured, IReadOnlyList<double> floor, string unit, string floorName = "floor")
    {
        Console.WriteLine(
            $"  {what,-34} {MinMedian(measured, unit),-32} {floorName}: {MinMedian(floor, unit),-32} " +
            $"ratio median {Median(measured) / Median(floor):F2}x, min {measured.Min() / floor.Min():F2}x   (n={measured.Count})");
    }

    public static double Ms(this Stopwatch clock) => clock.Elapsed.TotalMilliseconds;
}
