using System.Runtime.InteropServices;

namespace SftpJail.Executor.Socket;

/// <summary>
/// Who is on the other end of a Unix socket, as the kernel recorded it at connect time (SO_PEERCRED, socket(7)):
/// the peer cannot lie about it, unlike anything it sends.
/// </summary>
public readonly record struct PeerCredentials(int Pid, uint Uid, uint Gid)
{
    // SOL_SOCKET and SO_PEERCRED as asm-generic/socket.h defines them (x86-64, arm64); some other architectures differ.
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;

    public static PeerCredentials Read(System.Net.Sockets.Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);

        // Socket.GetRawSocketOption is getsockopt(2) itself, without a handle to keep alive by hand.
        Span<byte> buffer = stackalloc byte[Marshal.SizeOf<Ucred>()];
        var length = socket.GetRawSocketOption(SolSocket, SoPeerCred, buffer);
        if (length != buffer.Length)
        {
            throw new InvalidOperationException($"getsockopt(SO_PEERCRED) returned {length} bytes, expected {buffer.Length}.");
        }

        var ucred = MemoryMarshal.Read<Ucred>(buffer);
        return new PeerCredentials(ucred.Pid, ucred.Uid, ucred.Gid);
    }

    /// <summary>struct ucred (sys/socket.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct Ucred
    {
        public int Pid;
        public uint Uid;
        public uint Gid;
    }
}
