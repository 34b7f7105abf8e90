using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Core.Contract.Socket;

namespace SftpJail.Executor.Tests.Socket;

public sealed class ExecutorFramingTests
{
    [Fact]
    public async Task A_message_is_one_line_even_when_a_value_holds_a_newline()
    {
        var stream = new MemoryStream();
        await ExecutorFraming.WriteRequestAsync(stream, new ExecutorRequest(ExecutorOperation.Apply, DesiredStateDto.Empty, [new PasswordChange("a", "x\ny")]), 1024, CancellationToken.None);

        var bytes = stream.ToArray();

        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Equal(1, bytes.Count(b => b == '\n'));
        stream.Position = 0;
        var back = await ExecutorFraming.ReadRequestAsync(stream, 1024, CancellationToken.None);
        Assert.Equal("x\ny", back.Passwords![0].Password);
    }

    [Fact]
    public async Task A_line_of_exactly_the_limit_is_read()
    {
        var line = await ExecutorFraming.ReadLineAsync(new MemoryStream(Line(100)), 100, CancellationToken.None);

        Assert.Equal(100, line.Length);
    }

    [Fact]
    public async Task A_line_one_byte_over_the_limit_is_refused()
    {
        var ex = await Assert.ThrowsAsync<ExecutorProtocolException>(() => ExecutorFraming.ReadLineAsync(new MemoryStream(Line(101)), 100, CancellationToken.None));

        Assert.Equal(ExecutorProtocolError.TooLarge, ex.Error);
    }

    [Fact]
    public async Task An_endless_line_is_refused_once_the_limit_is_passed_without_reading_the_rest()
    {
        var stream = new EndlessStream();

        await Assert.ThrowsAsync<ExecutorProtocolException>(() => ExecutorFraming.ReadLineAsync(stream, 200_000, CancellationToken.None));

        Assert.InRange(stream.Served, 200_001, 200_000 + (128 * 1024));
    }

    [Fact]
    public async Task A_connection_closed_mid_message_is_reported()
    {
        var ex = await Assert.ThrowsAsync<ExecutorProtocolException>(() => ExecutorFraming.ReadLineAsync(new MemoryStream("""{"ok":tr"""u8.ToArray()), 100, CancellationToken.None));

        Assert.Equal(ExecutorProtocolError.Closed, ex.Error);
    }

    [Fact]
    public async Task Writing_a_message_over_the_limit_is_refused_before_anything_is_sent()
    {
        var stream = new MemoryStream();

        await Assert.ThrowsAsync<ExecutorProtocolException>(() =>
            ExecutorFraming.WriteResponseAsync(stream, ExecutorResponse.Failure(new string('x', 200)), 100, CancellationToken.None));

        Assert.Equal(0, stream.Length);
    }

    private static byte[] Line(int length) => Encoding.ASCII.GetBytes(new string('a', length) + "\n");

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'a');
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
