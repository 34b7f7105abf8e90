using SftpJail.Executor;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Activity;

/// <summary>The executor names the missing transfer log rather than letting an empty transfer list pass for "no transfers".</summary>
[Collection(HostCollection.Name)]
public sealed class TransferLogWarningTests
{
    [Fact]
    public async Task Without_the_relay_the_missing_transfer_log_is_named_and_with_it_there_is_no_warning_even_before_the_first_site()
    {
        await using var bare = await JailHost.CreateAsync();
        await using var relayed = await JailHost.CreateAsync();
        await using var relay = await DefaultRelay.StartAsync(relayed);

        var without = await bare.Engine.ReadActivityAsync(null, 10);
        var with = await relayed.Engine.ReadActivityAsync(null, 10);

        Assert.Equal(ExecutorEngine.NoTransferLog, without.Warning);
        // Before the first site there is no log file yet (nothing has run), but the relay is on: no transfer-log warning.
        Assert.Null(with.Warning);
    }
}
