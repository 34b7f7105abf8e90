using System.Diagnostics;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;

namespace SftpJail.Host.Tests.Incremental;

/// <summary>
/// Issue 10 figures, printed, never asserted: one customer (a site and its user) added beside many existing sites, by
/// a full converge (every apply before incremental apply) and incrementally, interleaved. The existing sites have no
/// users, so setting them up costs directories and site groups, not a thousand useradds; each add inspects them all in a
/// full converge. 200 sites by default (the class stays under a minute); SFTPJAIL_SCALE_SITES=1000 for the figure.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class OneAddAtScaleTimings(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly int ExistingSites = int.TryParse(Environment.GetEnvironmentVariable("SFTPJAIL_SCALE_SITES"), out var sites) ? sites : 200;
    private const int Rounds = 3;

    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Prints_how_long_one_add_takes_beside_many_sites_full_and_incremental()
    {
        var sites = Enumerable.Range(1, ExistingSites).Select(n => new SiteDto($"e{n}.example", true, [])).ToList();
        var clock = Stopwatch.StartNew();
        await ApplyAsync(sites);
        output.WriteLine($"{ExistingSites} sites set up in {clock.Elapsed.TotalSeconds:0.0} s");

        var (full, incremental) = (new List<double>(), new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var asFull in new[] { true, false })
            {
                var n = sites.Count;
                sites.Add(new SiteDto($"new{n}.example", true, [new JailUserDto(host.UserName($"n{n}"), false, false, false, [])]));
                if (asFull)
                {
                    host.Engine.ForgetAppliedIndex();
                }

                clock.Restart();
                await ApplyAsync(sites);
                (asFull ? full : incremental).Add(clock.Elapsed.TotalMilliseconds);
                output.WriteLine($"round {round + 1}: {host.Engine.LastApplyScope}: {clock.Elapsed.TotalMilliseconds:0} ms");
            }
        }

        output.WriteLine($"one add beside {ExistingSites} sites: full converge min {full.Min():0} ms, median {Median(full):0} ms; " +
            $"incremental min {incremental.Min():0} ms, median {Median(incremental):0} ms");
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private async Task ApplyAsync(IReadOnlyList<SiteDto> sites)
    {
        var result = await host.Engine.ApplyAsync(new DesiredStateDto(sites), []);
        Assert.True(result.Succeeded, result.Error);
    }
}
