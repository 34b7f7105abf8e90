using SftpJail.Core.Model;
using SftpJail.Core.Values;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>The write-ahead record: what is written is what the next process reads, and nothing is left once it is cleared.</summary>
public sealed class IntentJournalTests : IDisposable
{
    private readonly TestDirectory root = new();
    private readonly HostProfile profile;
    private readonly HostFileSystem files;

    public IntentJournalTests()
    {
        profile = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["state"].Value, AuthorizedKeysDir = root["etc/keys"].Value }.ToProfile();
        files = new HostFileSystem([root.Path]);
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void An_intent_written_before_the_state_directory_existed_is_read_back_by_another_journal_and_cleared()
    {
        var intent = new ApplyIntent("id", DateTimeOffset.UnixEpoch, [new IntendedUser("alice", "/srv/www/example.a")], ["a.example"]);
        var journal = new IntentJournal(profile, files);

        Assert.True(journal.CanWriteNow);
        journal.Write(intent);
        var read = new IntentJournal(profile, files).Load();
        var mode = File.GetUnixFileMode(journal.Path.Value);
        journal.Clear();

        Assert.NotNull(read);
        Assert.Equal(intent.Users, read.Users);
        Assert.Equal(intent.Sites, read.Sites);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Null(journal.Load());
        Assert.Empty(Directory.EnumerateFileSystemEntries(profile.StateDir.Value));
    }

    [Fact]
    public void A_state_directory_whose_parent_is_missing_defers_the_intent()
    {
        var deep = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["new/state"].Value, AuthorizedKeysDir = root["etc/keys"].Value }.ToProfile();

        Assert.False(new IntentJournal(deep, files).CanWriteNow);
        new IntentJournal(deep, files).Clear();
    }

    [Fact]
    public void A_fault_at_the_write_leaves_no_record()
    {
        var faults = new ApplyFaults { Injector = point => throw new IOException("No space left on device", 28) };

        Assert.Throws<IOException>(() => new IntentJournal(profile, files, faults).Write(new ApplyIntent("id", DateTimeOffset.UnixEpoch, [], [])));
        Assert.Null(new IntentJournal(profile, files).Load());
    }

    [Fact]
    public void A_manifest_session_forgets_a_removed_users_uid_and_keeps_the_rest_sorted()
    {
        var session = new ManifestSession(["b.example", "a.example"], ["zed"], new Dictionary<string, uint> { ["zed"] = 1001 });

        session.RecordCreated(LinuxUserName.Parse("amy"), 1002);
        session.RecordRemoved(LinuxUserName.Parse("zed"));
        session.RecordSite("c.example");

        Assert.Equal(["a.example", "b.example", "c.example"], session.Sites);
        Assert.Equal(["amy"], session.Users);
        Assert.Equal(new Dictionary<string, uint> { ["amy"] = 1002 }, session.Uids);
    }
}
