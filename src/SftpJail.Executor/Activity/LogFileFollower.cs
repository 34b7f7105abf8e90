using System.Text;
using SftpJail.Core.Activity;
using SftpJail.Executor.Native;

namespace SftpJail.Executor.Activity;

/// <summary>A log file to follow and whose lines without a syslog prefix (sshd -E output) are sshd's.</summary>
public sealed record ActivityLogFile(string Path, string? BareIdentifier = null);

/// <summary>
/// Reads the complete lines added to a log file since a position. A different inode (the file was rotated) or a file
/// shorter than the offset (truncated) starts again at 0; a partial last line waits for its newline.
/// </summary>
public static class LogFileFollower
{
    /// <summary>Sane upper bound for one line; longer ones (OpenSSH logs at most ~1 KiB) are skipped whole.</summary>
    private const int MaxLineBytes = 16 * 1024;

    /// <summary>Null when the file does not exist or cannot be read.</summary>
    public static (List<ActivityLogLine> Lines, FilePosition Position)? Read(ActivityLogFile file, FilePosition? from, int maxLines, DateTimeOffset now)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(file.Path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete });
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        using (stream)
        {
            var inode = Inode(stream);
            var offset = from is { } f && f.Inode == inode && f.Offset <= stream.Length ? f.Offset : 0;
            stream.Position = offset;
            var lines = new List<ActivityLogLine>();
            var buffer = new byte[64 * 1024];
            var pending = new List<byte>();
            var consumed = offset;
            long lineBytes = 0;
            int read;
            while (lines.Count < maxLines && (read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read && lines.Count < maxLines; i++)
                {
                    var b = buffer[i];
                    if (b != (byte)'\n')
                    {
                        lineBytes++;
                        if (pending.Count < MaxLineBytes)
                        {
                            pending.Add(b);
                        }

                        continue;
                    }

                    consumed += lineBytes + 1;
                    if (lineBytes <= MaxLineBytes && SyslogLineParser.Parse(Encoding.UTF8.GetString(pending.ToArray()), now, file.BareIdentifier) is { } line)
                    {
                        lines.Add(line);
                    }

                    pending.Clear();
                    lineBytes = 0;
                }
            }

            return (lines, new FilePosition(inode, consumed));
        }
    }

    private static ulong Inode(FileStream stream)
    {
        var fd = (int)stream.SafeFileHandle.DangerousGetHandle();
        return LibC.statx(fd, string.Empty, LibC.AtEmptyPath, StatX.BasicStats, out var stat) == 0 ? stat.Inode : 0;
    }
}
