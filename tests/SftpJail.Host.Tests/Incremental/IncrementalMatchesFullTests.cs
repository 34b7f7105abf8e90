using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Model;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Host.Tests.Incremental;

/// <summary>
/// Issue 10: the same seeded random sequence of states applied to two hosts, one incrementally (as every apply does)
/// and one with a full converge each time (<see cref="Executor.ExecutorEngine.ForgetAppliedIndex"/>, what
/// <c>apply --full</c> does), must leave both byte-identical after every step. A few fixed sites that never change sit
/// beside the random ones, so most of each incremental apply is the part it does not inspect.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class IncrementalMatchesFullTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Operations = 12;
    private const int FixedSites = 3;

    private JailHost incremental = null!;
    private JailHost full = null!;
    private KeyPool keys = null!;

    public async Task InitializeAsync()
    {
        incremental = await JailHost.CreateAsync();
        full = await JailHost.CreateAsync();
        keys = await KeyPool.CreateAsync(Path.Combine(incremental.BaseDir, "client-keys"), 3);
    }

    public async Task DisposeAsync()
    {
        await incremental.DisposeAsync();
        await full.DisposeAsync();
    }

    [Fact]
    public async Task Incremental_and_full_applies_of_the_same_random_states_leave_identical_hosts()
    {
        var settings = ModelRunSettings.FromEnvironment();
        var incrementalOps = OperationGenerator.Generate(settings.Seed, incremental.UserName(string.Empty), keys.Count, Operations);
        var fullOps = OperationGenerator.Generate(settings.Seed, full.UserName(string.Empty), keys.Count, Operations);
        output.WriteLine($"{settings.Replay}, {Operations} operations");
        var (incrementalModel, fullModel) = (JailModel.Empty, JailModel.Empty);
        var incrementalApplies = 0;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Operations; i++)
        {
            output.WriteLine($"{i + 1,2}. {incrementalOps[i]}");
            incrementalModel = incrementalOps[i].ApplyTo(incrementalModel);
            fullModel = fullOps[i].ApplyTo(fullModel);

            var applied = await incremental.Engine.ApplyAsync(StateOf(incremental, incrementalModel), Passwords(incrementalOps[i]));
            var scope = incremental.Engine.LastApplyScope;
            full.Engine.ForgetAppliedIndex();
            var converged = await full.Engine.ApplyAsync(StateOf(full, fullModel), Passwords(fullOps[i]));
            Assert.True(applied.Succeeded, $"{settings.Replay}, step {i + 1}: the incremental apply failed: {applied.Error}");
            Assert.True(converged.Succeeded, $"{settings.Replay}, step {i + 1}: the full apply failed: {converged.Error}");
            Assert.StartsWith("full converge", full.Engine.LastApplyScope);
            incrementalApplies += scope?.StartsWith("incremental", StringComparison.Ordinal) == true ? 1 : 0;
            output.WriteLine($"    {scope}; {applied.Applied.Count} vs {converged.Applied.Count} step(s), {clock.Elapsed.TotalSeconds:0.0} s");

            var differences = HostImage.Differences(await HostImage.TakeAsync(incremental), await HostImage.TakeAsync(full));
            Assert.True(differences.Count == 0, $"{settings.Replay}, step {i + 1} \"{incrementalOps[i]}\": the hosts differ:\n{string.Join('\n', differences.Take(30))}");
        }

        // Every apply after the first has a record to work from: the comparison above is of incremental applies.
        Assert.Equal(Operations - 1, incrementalApplies);
    }

    /// <summary>The fixed sites first, each with a password user and one with a key, then the model's.</summary>
    private DesiredStateDto StateOf(JailHost host, JailModel model)
    {
        var fixedSites = Enumerable.Range(1, FixedSites).Select(n => new SiteDto(
            $"fixed{n}.example",
            true,
            [new JailUserDto(host.UserName($"f{n}"), ReadOnly: n == 2, KeyOnly: false, Disabled: false, n == 1 ? [keys.PublicKeys[0]] : [])]));
        var state = model.ToDto(keys.PublicKeys);
        return state with { Sites = [.. fixedSites, .. state.Sites] };
    }

    private static PasswordChange[] Passwords(ModelOperation operation) => operation.Password is { } password ? [password] : [];
}
