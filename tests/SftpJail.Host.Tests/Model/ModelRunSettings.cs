namespace SftpJail.Host.Tests.Model;

/// <summary>
/// How a model run is chosen: SFTPJAIL_MODEL_SEED replays a run (a fresh seed otherwise), SFTPJAIL_MODEL_OPS overrides
/// its length, SFTPJAIL_MODEL_KEEP_GOING=1 records every failing step instead of stopping at the first (to see all the
/// defects one sequence finds), SFTPJAIL_MODEL_BUDGET_SECONDS bounds the run's time (default 240; the steps left when it
/// runs out are skipped, and the output says so).
/// </summary>
public sealed record ModelRunSettings(int Seed, int? Operations, bool KeepGoing, TimeSpan Budget)
{
    public const string SeedVariable = "SFTPJAIL_MODEL_SEED";
    public const string OperationsVariable = "SFTPJAIL_MODEL_OPS";
    public const string KeepGoingVariable = "SFTPJAIL_MODEL_KEEP_GOING";
    public const string BudgetVariable = "SFTPJAIL_MODEL_BUDGET_SECONDS";

    public static ModelRunSettings FromEnvironment() => new(
        Environment.GetEnvironmentVariable(SeedVariable) is { Length: > 0 } seed ? int.Parse(seed) : Random.Shared.Next(),
        Environment.GetEnvironmentVariable(OperationsVariable) is { Length: > 0 } ops ? int.Parse(ops) : null,
        Environment.GetEnvironmentVariable(KeepGoingVariable) == "1",
        TimeSpan.FromSeconds(Environment.GetEnvironmentVariable(BudgetVariable) is { Length: > 0 } budget ? int.Parse(budget) : 240));

    public string Replay => $"seed {Seed} (replay: {SeedVariable}={Seed})";
}
