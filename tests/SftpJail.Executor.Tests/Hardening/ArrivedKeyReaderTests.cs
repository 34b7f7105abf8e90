using SftpJail.Core.Values;
using SftpJail.Executor.Files;
using SftpJail.Executor.Hardening;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Hardening;

public sealed class ArrivedKeyReaderTests : IDisposable
{
    private const string Managed = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnVl0CWulG6+CGg6I1FCkT19YQZpgH4cxjtQzEWGHIN managed@laptop";
    private const string Arrived = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPkmbat0J2Q9LMM0wMzfXg14hI6ESz0rCBOaHSpSItqR new@laptop";
    private const string ArrivedFingerprint = "SHA256:CAJwxA3mkOSVpuaQLoci7iMLMhUs6/YILCb7ty3VZVU";

    private readonly TestDirectory home = new();
    private readonly ArrivedKeyReader reader = new(new HostFileSystem([]));

    public void Dispose() => home.Dispose();

    [Fact]
    public void A_managed_key_is_not_listed_a_new_one_is_and_garbage_lines_are_skipped()
    {
        home.CreateDirectory(".ssh", 0x1c0);
        home.CreateFile(".ssh/authorized_keys", string.Join('\n',
            "# added by ssh-copy-id",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnVl0CWulG6+CGg6I1FCkT19YQZpgH4cxjtQzEWGHIN another comment",
            "command=\"/bin/sh\" " + Arrived,
            "ssh-ed25519 not-base64!!",
            "\u0000\u0001 binary junk \uFFFD",
            new string('A', 5000),
            "  " + Arrived + "\r",
            Arrived,
            ""));

        var keys = reader.Read(home.Path, [Managed]);

        var key = Assert.Single(keys);
        Assert.Equal(("ssh-ed25519", ArrivedFingerprint, "new@laptop", Arrived), (key.Algorithm, key.Fingerprint, key.Comment, key.Line));
    }

    [Fact]
    public void A_missing_ssh_directory_or_file_is_an_empty_list()
    {
        Assert.Empty(reader.Read(home.Path, []));
        home.CreateDirectory(".ssh", 0x1c0);
        Assert.Empty(reader.Read(home.Path, []));
    }

    [Fact]
    public void A_symlinked_authorized_keys_is_never_read()
    {
        var elsewhere = home.CreateFile("elsewhere", Arrived + "\n");
        home.CreateDirectory(".ssh", 0x1c0);
        home.CreateSymlink(".ssh/authorized_keys", elsewhere);

        var refused = Assert.Throws<UnsafePathException>(() => reader.Read(home.Path, []));
        Assert.Contains("link", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_symlinked_ssh_directory_is_never_followed()
    {
        var other = home.CreateDirectory("other-ssh");
        home.CreateFile("other-ssh/authorized_keys", Arrived + "\n");
        home.CreateSymlink(".ssh", other);

        Assert.Throws<UnsafePathException>(() => reader.Read(home.Path, []));
    }

    [Fact]
    public void A_file_over_the_size_cap_is_refused_unread()
    {
        home.CreateDirectory(".ssh", 0x1c0);
        home.CreateFile(".ssh/authorized_keys", Arrived + "\n" + new string('#', ArrivedKeyReader.MaxBytes));

        var refused = Assert.Throws<InputRejectedException>(() => reader.Read(home.Path, []));
        Assert.Contains("64 KiB", refused.Message, StringComparison.Ordinal);
    }
}
