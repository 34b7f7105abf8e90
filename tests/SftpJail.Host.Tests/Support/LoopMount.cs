namespace SftpJail.Host.Tests.Support;

/// <summary>
/// A small ext4 file system in an image file, attached to a loop device and mounted at a root-owned 0755 directory
/// (so it can hold a chroot chain). Made with no blocks reserved for root (<c>-m 0</c>, as data volumes usually are):
/// when a customer fills it, the executor has no spare room either. Dispose unmounts, detaches the loop device and
/// deletes the image and the mount point, also after a failed test or a half-finished set-up.
/// </summary>
public sealed class LoopMount : IAsyncDisposable
{
    private string? device;
    private bool mounted;

    private LoopMount(string image, string mountPoint)
    {
        Image = image;
        MountPoint = mountPoint;
    }

    public string Image { get; }

    public string MountPoint { get; }

    /// <summary>Why loop mounts cannot work on this machine, or null when they can (checked without changing anything).</summary>
    public static string? Unavailable()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return "loop mounts need root";
        }

        if (!File.Exists("/dev/loop-control") && !File.Exists("/dev/loop0"))
        {
            return "this machine has no loop devices (/dev/loop-control is missing)";
        }

        return File.Exists("/usr/sbin/mkfs.ext4") || File.Exists("/sbin/mkfs.ext4") ? null : "mkfs.ext4 is not installed";
    }

    /// <summary>Creates, attaches and mounts an image of <paramref name="mebibytes"/> MiB named after <paramref name="id"/>.</summary>
    public static async Task<LoopMount> CreateAsync(string id, int mebibytes)
    {
        var mount = new LoopMount($"/var/lib/sjtest-loop-{id}.img", $"/var/lib/sjtest-loop-{id}");
        try
        {
            await mount.SetUpAsync(mebibytes);
            return mount;
        }
        catch
        {
            await mount.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync(int mebibytes)
    {
        Directory.CreateDirectory(MountPoint, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await using (var image = File.Create(Image))
        {
            image.SetLength(mebibytes * 1024L * 1024L);
        }

        var attach = await Checked("losetup", ["--find", "--show", Image]);
        device = attach.StandardOutput.Trim();
        await Checked("mkfs.ext4", ["-q", "-F", "-m", "0", "-L", "sjtest", device]);
        await Checked("mount", [device, MountPoint]);
        mounted = true;
    }

    /// <summary>The file system's free blocks for an unprivileged writer, from df.</summary>
    public async Task<long> AvailableBytesAsync()
    {
        var df = await Checked("df", ["--output=avail", "-B1", MountPoint]);
        return long.Parse(df.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        var problems = new List<string>();
        if (mounted)
        {
            var unmount = await HostCommand.RunAsync("umount", [MountPoint]);
            if (unmount.ExitCode != 0)
            {
                // Something still holds it (a straggling sftp-server): detach it now, the kernel finishes when it lets go.
                unmount = await HostCommand.RunAsync("umount", ["--lazy", MountPoint]);
            }

            if (unmount.ExitCode != 0)
            {
                problems.Add($"umount {MountPoint}: {unmount.All}");
            }
        }

        if (device is not null)
        {
            var detach = await HostCommand.RunAsync("losetup", ["-d", device]);
            if (detach.ExitCode != 0)
            {
                problems.Add($"losetup -d {device}: {detach.All}");
            }
        }

        File.Delete(Image);
        if (problems.Count == 0 && Directory.Exists(MountPoint))
        {
            Directory.Delete(MountPoint);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Cleaning up the loop mount failed: " + string.Join("; ", problems));
        }
    }

    private static async Task<HostCommand.Output> Checked(string program, string[] args)
    {
        var output = await HostCommand.RunAsync(program, args);
        if (output.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', args)} failed ({output.ExitCode}): {output.All}");
        }

        return output;
    }
}
