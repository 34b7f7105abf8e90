namespace SftpJail.Executor.Native;

internal static class Errno
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11; // also EWOULDBLOCK
    public const int ESRCH = 3;
    public const int EEXIST = 17;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EXDEV = 18;
    public const int ELOOP = 40;
}
