using System.Globalization;
using System.Runtime.InteropServices;

/// <summary>
/// The floor: what an admin does by hand for one customer, as few processes as it takes: useradd (the same flags as the
/// executor: no home, nologin, no subordinate ids), chpasswd, the root-owned chroot and a user-owned html/, then
/// sshd -t and a reload (SIGHUP) of the floor sshd.
/// </summary>
internal sealed partial class HandFloor(BenchHost host, string sshdConfig, string sshdPidFile)
{
    public string Chroot(string user) => Path.Combine(host.Profile.JailRoot.Value, "hand-" + user);

    public async Task AddAsync(string user, string password)
    {
        await Run.CheckedAsync("useradd", ["--no-create-home", "--home-dir", Chroot(user), "--shell", "/usr/sbin/nologin", "--user-group",
            "--groups", host.Jail, "--key", "SUB_UID_COUNT=0", "--key", "SUB_GID_COUNT=0", "--", user], null);
        await Run.CheckedAsync("chpasswd", [], $"{user}:{password}\n");
        await MakeDirsAsync(user);
        await ReloadAsync();
    }

    public async Task MakeDirsAsync(string user)
    {
        var chroot = Chroot(user);
        Directory.CreateDirectory(chroot, (UnixFileMode)0b111_101_101);
        var html = Directory.CreateDirectory(Path.Combine(chroot, "html"));
        var ids = (await Run.CheckedAsync("id", ["-u", user], null)).StandardOutput.Trim() + ":" + (await Run.CheckedAsync("id", ["-g", user], null)).StandardOutput.Trim();
        Chown(html.FullName, ids);
        File.SetUnixFileMode(html.FullName, (UnixFileMode)0b010_111_111_000); // 02770
    }

    /// <summary>Disable by hand: lock the account out (expired, in the disabled group when it exists), then validate and reload.</summary>
    public async Task DisableAsync(string user)
    {
        var disabled = host.Profile.DisabledGroup.Value;
        var hasGroup = (await Run.CommandAsync("getent", ["group", disabled])).ExitCode == 0;
        await Run.CheckedAsync("usermod", hasGroup ? ["--expiredate", "1", "-aG", disabled, "--", user] : ["--expiredate", "1", "--", user], null);
        await ReloadAsync();
    }

    /// <summary>Key add by hand: one root-owned authorized_keys file written atomically (no reload needed).</summary>
    public async Task AddKeyAsync(string user, string key)
    {
        var file = Path.Combine(host.Profile.AuthorizedKeysDir.Value, "hand-" + user);
        Directory.CreateDirectory(host.Profile.AuthorizedKeysDir.Value);
        await File.WriteAllTextAsync(file + ".tmp", key + "\n");
        File.SetUnixFileMode(file + ".tmp", (UnixFileMode)0b110_100_100);
        File.Move(file + ".tmp", file, overwrite: true);
    }

    public async Task RemoveAsync(string user)
    {
        await Run.CheckedAsync("userdel", ["--", user], null);
        Directory.Delete(Chroot(user), recursive: true);
        File.Delete(Path.Combine(host.Profile.AuthorizedKeysDir.Value, "hand-" + user));
        await ReloadAsync();
    }

    public async Task ReloadAsync()
    {
        await Run.CheckedAsync("/usr/sbin/sshd", "-t", "-f", sshdConfig);
        await Run.CheckedAsync("kill", "-HUP", BenchHost.PidOf(sshdPidFile).ToString(CultureInfo.InvariantCulture));
    }

    public static void Chown(string path, string uidGid)
    {
        var parts = uidGid.Split(':');
        if (Lchown(path, uint.Parse(parts[0], CultureInfo.InvariantCulture), uint.Parse(parts[1], CultureInfo.InvariantCulture)) != 0)
        {
            throw new IOException($"lchown {path}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Lchown(string path, uint owner, uint group);
}
