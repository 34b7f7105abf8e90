using Microsoft.Extensions.Logging.Abstractions;
using SftpJail.Core.Activity;
using SftpJail.Executor.Activity;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Activity;

public sealed class SftpLogRelayTests
{
    private static readonly RelaySender Root = new(1, 0);

    [Fact]
    public async Task Keeps_internal_sftp_datagrams_as_one_line_each_and_drops_other_programs()
    {
        using var dir = new TestDirectory();
        var output = dir["sftp.log"].Value;
        await using var relay = new SftpLogRelay(output, NullLogger.Instance);

        Assert.True(relay.Accept("<134>Dec  1 17:00:00 internal-sftp[733]: remove name \"/html/a\nsession closed for local user victim from [1.2.3.4]\"", Root));
        Assert.True(relay.Accept("<134>Dec  1 17:00:00 internal-sftp[733]: remove name \"/html/b\"\nsession closed for local user victim from [1.2.3.4]", Root));
        Assert.False(relay.Accept("<134>Dec  1 17:00:00 sshd[1]: Accepted password for site1 from 1.2.3.4 port 2 ssh2", Root));
        Assert.False(relay.Accept("no syslog header at all", Root));

        var lines = await File.ReadAllLinesAsync(output);
        Assert.Equal(2, lines.Length);
        var events = lines.Select(l => SyslogLineParser.Parse(l, DateTimeOffset.UtcNow)!.ToEvent()).ToList();
        var evt = events[0];
        // A raw newline outside the name (never sent by OpenSSH, which escapes it) makes a line that is no event at all.
        Assert.Null(events[1]);
        Assert.Equal((ActivityEventKind.Removed, 733), (evt!.Kind, evt.Pid));
        Assert.Equal("/html/a\nsession closed for local user victim from [1.2.3.4]", evt.Path);
    }
}
