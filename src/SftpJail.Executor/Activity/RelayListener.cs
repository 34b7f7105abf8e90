using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Activity;

/// <summary>Who sent a datagram, as the kernel says (SCM_CREDENTIALS): only root can claim a pid or uid not its own.</summary>
public readonly record struct RelaySender(int Pid, uint Uid)
{
    public bool IsRoot => Uid == 0;
}

/// <summary>
/// A bound datagram socket with SO_PASSCRED and its receive loop: every datagram is read with recvmsg(2) together with
/// its sender's credentials; one that comes without them is handed on with none (and so is refused). Descriptors a
/// sender passes (SCM_RIGHTS) are closed at once: the relay runs as root and must not collect what a customer sends it.
/// Its path is <see cref="RelayDevEntries"/>' to remove, not the listener's.
/// </summary>
internal sealed class RelayListener : IDisposable
{
    private const int BufferBytes = 8192;
    private const int ControlBytes = 256;

    private readonly System.Net.Sockets.Socket socket;
    private readonly Action<string, RelaySender?> accept;
    private readonly CancellationTokenSource stop = new();

    public RelayListener(System.Net.Sockets.Socket socket, ulong inode, Action<string, RelaySender?> accept)
    {
        this.socket = socket;
        this.accept = accept;
        Inode = inode;
        socket.SetRawSocketOption(RelayNative.SolSocket, RelayNative.SoPassCred, BitConverter.GetBytes(1));
    }

    public ulong Inode { get; }

    public Task Loop { get; private set; } = Task.CompletedTask;

    public void Start() => Loop = Task.Run(ReceiveAsync);

    public void Dispose()
    {
        stop.Cancel();
        socket.Dispose();
        stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[BufferBytes];
        var token = stop.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                // A zero-byte peek waits (on .NET's own epoll) until a datagram is there without taking it.
                await socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, token);
                while (TryReceive(buffer, out var length, out var sender))
                {
                    accept(Encoding.UTF8.GetString(buffer, 0, length), sender);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    /// <summary>Takes one waiting datagram; false when none is left.</summary>
    private unsafe bool TryReceive(byte[] buffer, out int length, out RelaySender? sender)
    {
        var control = stackalloc byte[ControlBytes];
        sender = null;
        length = 0;
        var added = false;
        try
        {
            socket.SafeHandle.DangerousAddRef(ref added);
            var fd = (int)socket.SafeHandle.DangerousGetHandle();
            fixed (byte* data = buffer)
            {
                var vector = new RelayNative.IoVector { Base = data, Length = (nuint)buffer.Length };
                var message = new RelayNative.MessageHeader { Vectors = &vector, VectorCount = 1, Control = control, ControlLength = ControlBytes };
                nint received;
                do
                {
                    received = RelayNative.recvmsg(fd, &message, RelayNative.MsgDontWait | RelayNative.MsgCmsgCloseOnExec);
                }
                while (received < 0 && Marshal.GetLastPInvokeError() == Errno.EINTR);

                if (received < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == Errno.EAGAIN ? false : throw new SocketException(errno);
                }

                length = (int)Math.Min(received, buffer.Length);
                sender = ReadControl(control, (int)Math.Min(message.ControlLength, ControlBytes));
                return true;
            }
        }
        finally
        {
            if (added)
            {
                socket.SafeHandle.DangerousRelease();
            }
        }
    }

    private static unsafe RelaySender? ReadControl(byte* control, int length)
    {
        var headerBytes = Align(sizeof(RelayNative.ControlHeader));
        RelaySender? sender = null;
        var offset = 0;
        while (offset + headerBytes <= length)
        {
            var header = (RelayNative.ControlHeader*)(control + offset);
            var size = (int)Math.Min(header->Length, (nuint)(length - offset));
            if (size < headerBytes)
            {
                break;
            }

            var data = control + offset + headerBytes;
            var dataBytes = size - headerBytes;
            if (header->Level == RelayNative.SolSocket && header->Type == RelayNative.ScmCredentials && dataBytes >= sizeof(RelayNative.Credentials))
            {
                var credentials = *(RelayNative.Credentials*)data;
                sender = new RelaySender(credentials.Pid, credentials.Uid);
            }
            else if (header->Level == RelayNative.SolSocket && header->Type == RelayNative.ScmRights)
            {
                for (var i = 0; i + sizeof(int) <= dataBytes; i += sizeof(int))
                {
                    Native.LibC.close(*(int*)(data + i));
                }
            }

            offset += Align(size);
        }

        return sender;
    }

    private static int Align(int size) => (size + IntPtr.Size - 1) & ~(IntPtr.Size - 1);
}
