using System.Diagnostics;
using SftpJail.Executor.Processes;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Processes;

public sealed class ProcessRunnerTimeoutTests : IDisposable
{
    private readonly ProcessRunner runner = new();
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_timeout_kills_the_child_and_throws_promptly()
    {
        var pidFile = directory["pid"].Value;
        var spec = new ProcessSpec("/bin/sh", ["-c", $"echo $$ > {pidFile}; exec sleep 30"]) { Timeout = TimeSpan.FromMilliseconds(300) };
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => runner.RunAsync(spec));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains("did not finish within 0.3 s", error.Message);
        await AssertGoneAsync(ReadPid(pidFile));
    }

    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree()
    {
        var pidFile = directory["grandchild"].Value;
        var spec = new ProcessSpec("/bin/sh", ["-c", $"sleep 30 & echo $! > {pidFile}; wait"]) { Timeout = TimeSpan.FromMilliseconds(300) };

        await Assert.ThrowsAsync<TimeoutException>(() => runner.RunAsync(spec));

        await AssertGoneAsync(ReadPid(pidFile));
    }

    [Fact]
    public async Task Cancellation_kills_the_tree_and_throws_operation_cancelled()
    {
        var pidFile = directory["grandchild"].Value;
        var spec = new ProcessSpec("/bin/sh", ["-c", $"sleep 30 & echo $! > {pidFile}; wait"]);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(spec, cancellation.Token));

        Assert.Equal(cancellation.Token, error.CancellationToken);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        await AssertGoneAsync(ReadPid(pidFile));
    }

    [Fact]
    public async Task An_already_cancelled_token_starts_nothing()
    {
        var marker = directory["started"].Value;
        var spec = new ProcessSpec("/usr/bin/touch", [marker]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.RunAsync(spec, new CancellationToken(canceled: true)));

        Assert.False(File.Exists(marker));
    }

    private static int ReadPid(string pidFile) => int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Gone means no /proc entry, or a zombie waiting for a reaper (it is dead and holds nothing).</summary>
    private static async Task AssertGoneAsync(int pid)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if (!IsAlive(pid))
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"process {pid} is still running");
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
