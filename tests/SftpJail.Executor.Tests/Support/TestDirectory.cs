using SftpJail.Core.Values;

namespace SftpJail.Executor.Tests.Support;

/// <summary>
/// A fresh root-owned 0755 directory under /var/lib, removed with everything in it on dispose. Not under /tmp:
/// /tmp is world-writable, so nothing below it can pass sshd's chroot ownership rule.
/// </summary>
public sealed class TestDirectory : IDisposable
{
    public TestDirectory(string parent = "/var/lib")
    {
        Path = AbsolutePath.Parse($"{parent}/{TestNames.Random("sjtest-", 10)}");
        Directory.CreateDirectory(Path.Value);
        Chmod(Path.Value, 0x1ed); // 0755 whatever the umask
    }

    public AbsolutePath Path { get; }

    public AbsolutePath this[string relative] =>
        relative.Split('/').Aggregate(Path, (path, segment) => path.Combine(segment));

    public AbsolutePath CreateDirectory(string relative, int mode = 0x1ed)
    {
        var path = this[relative];
        Directory.CreateDirectory(path.Value);
        Chmod(path.Value, mode);
        return path;
    }

    public AbsolutePath CreateFile(string relative, string content, int mode = 0x1a4)
    {
        var path = this[relative];
        File.WriteAllText(path.Value, content);
        Chmod(path.Value, mode);
        return path;
    }

    public AbsolutePath CreateSymlink(string relative, AbsolutePath target)
    {
        var path = this[relative];
        File.CreateSymbolicLink(path.Value, target.Value);
        return path;
    }

    public void Dispose()
    {
        // Recursive delete removes links themselves and never descends through them.
        if (Directory.Exists(Path.Value))
        {
            Directory.Delete(Path.Value, recursive: true);
        }
    }

    private static void Chmod(string path, int mode)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("These tests need a Linux host.");
        }

        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }
}
