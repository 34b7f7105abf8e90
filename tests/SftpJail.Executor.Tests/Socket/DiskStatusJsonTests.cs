using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Tests.Socket;

/// <summary>The disk limit travels to the executor in the state, and usage comes back in the host info, over the socket's JSON.</summary>
public sealed class DiskStatusJsonTests
{
    [Fact]
    public void A_sites_disk_limit_and_the_host_infos_disk_status_round_trip()
    {
        var usage = new SiteDiskUsage("example.org", 3_145_728, 1_048_576, OverLimit: true, Complete: false, new DateTimeOffset(2026, 12, 1, 14, 0, 0, TimeSpan.Zero));
        var request = new ExecutorRequest(ExecutorOperation.Apply, new DesiredStateDto([new SiteDto("example.org", true, [], DiskLimitMiB: 1)]));
        var response = new ExecutorResponse(true, HostInfo: FakeExecutorGateway.SampleHostInfo with
        {
            Disk = new DiskLimitStatus(DiskLimitStatus.ExecutorEnforced, false, "no quotas", ["shared"], [usage]),
        });

        var sentState = JsonSerializer.Deserialize<ExecutorRequest>(JsonSerializer.Serialize(request, ExecutorJson.Options), ExecutorJson.Options)!.State!;
        var disk = JsonSerializer.Deserialize<ExecutorResponse>(JsonSerializer.Serialize(response, ExecutorJson.Options), ExecutorJson.Options)!.HostInfo!.Disk!;

        Assert.Equal(1, sentState.Sites.Single().DiskLimitMiB);
        Assert.Equal(("executor-enforced", false, "no quotas", "shared"), (disk.Enforcement, disk.KernelQuotasUsable, disk.Detail, disk.Warnings.Single()));
        Assert.Equal(usage, disk.Sites.Single());
    }
}
