using SftpJail.Core.Contract;
using SftpJail.Core.Model;
using SftpJail.Core.Planning;
using SftpJail.Core.Values;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Files;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>Which sites an apply inspects: only the changed ones, unless a print shows the record is stale.</summary>
public sealed class IncrementalViewTests : IDisposable
{
    private const string KeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOnVl0CWulG6+CGg6I1FCkT19YQZpgH4cxjtQzEWGHIN a@laptop";
    private static readonly string KeyB = $"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{new string('B', 43)} b@laptop";

    private readonly TestDirectory root = new();
    private readonly HostProfile profile;
    private readonly HostFileSystem files;
    private readonly IncrementalView view;

    public IncrementalViewTests()
    {
        profile = new HostProfileOptions { JailRoot = root["www"].Value, StateDir = root["state"].Value, AuthorizedKeysDir = root["keys"].Value }.ToProfile();
        files = new HostFileSystem([root.Path]);
        view = new IncrementalView(profile, null);
    }

    public void Dispose() => root.Dispose();

    [Fact]
    public void Without_a_record_every_site_is_inspected()
    {
        var scope = view.Decide(Converged(State(KeyA)), _ => null, previous: null, allowIncremental: true);

        Assert.True(scope.IsFull);
        Assert.Equal(["one.example", "three.example", "two.example"], scope.Touched.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_changed_site_is_inspected_and_the_others_are_trusted()
    {
        var index = Recorded(State(KeyA));

        var scope = view.Decide(Converged(State(KeyB)), _ => null, index, allowIncremental: true);

        Assert.False(scope.IsFull);
        Assert.Equal(["two.example"], scope.Touched);
        Assert.True(scope.Trusted.HasSite("one.example"));
        Assert.True(scope.Trusted.HasFile(profile.AuthorizedKeysFileFor(LinuxUserName.Parse("uone"))));
        Assert.False(scope.Trusted.HasFile(profile.AuthorizedKeysFileFor(LinuxUserName.Parse("utwo"))));
    }

    [Fact]
    public void A_site_whose_vhost_rendering_changed_is_inspected()
    {
        var index = Recorded(State(KeyA));

        var scope = view.Decide(Converged(State(KeyA)), site => site == "three.example" ? "new vhost" : null, index, allowIncremental: true);

        Assert.Equal(["three.example"], scope.Touched);
    }

    [Fact]
    public void A_mode_changed_on_a_trusted_directory_makes_the_apply_full()
    {
        var index = Recorded(State(KeyA));
        var html = profile.UploadDirFor(SiteDomain.Parse("three.example"));
        File.SetUnixFileMode(html.Value, File.GetUnixFileMode(html.Value) | UnixFileMode.OtherWrite);

        var scope = view.Decide(Target(State(KeyB)), _ => null, index, allowIncremental: true);

        Assert.Equal($"consistency check: {html} changed since the last apply", scope.Reason);
        Assert.Equal(0, scope.Trusted.SiteCount);
    }

    [Fact]
    public void Of_two_trusted_sites_changed_by_hand_the_check_names_the_first_every_time()
    {
        var index = Recorded(State(KeyA));
        foreach (var site in new[] { "one.example", "three.example" })
        {
            var html = profile.UploadDirFor(SiteDomain.Parse(site));
            File.SetUnixFileMode(html.Value, File.GetUnixFileMode(html.Value) | UnixFileMode.OtherWrite);
        }

        var reasons = Enumerable.Range(0, 20).Select(_ => view.Decide(Target(State(KeyB)), _ => null, index, allowIncremental: true).Reason).Distinct().ToList();

        Assert.Equal([$"consistency check: {profile.UploadDirFor(SiteDomain.Parse("one.example"))} changed since the last apply"], reasons);
    }

    [Fact]
    public void A_key_file_rewritten_with_the_same_bytes_makes_the_apply_full()
    {
        var index = Recorded(State(KeyA));
        var keys = profile.AuthorizedKeysFileFor(LinuxUserName.Parse("uone"));
        var content = File.ReadAllText(keys.Value);
        File.Delete(keys.Value);
        File.WriteAllText(keys.Value, content);

        var scope = view.Decide(Target(State(KeyB)), _ => null, index, allowIncremental: true);

        Assert.Equal($"consistency check: {keys} changed since the last apply", scope.Reason);
    }

    [Fact]
    public void An_apply_that_touched_no_site_records_nothing_new()
    {
        var index = Recorded(State(KeyA));

        var scope = view.Decide(Converged(State(KeyA)), _ => null, index, allowIncremental: true);

        Assert.Empty(scope.Touched);
        Assert.Null(view.After(scope));
    }

    [Fact]
    public void A_removed_site_is_touched_and_leaves_the_record()
    {
        var index = Recorded(State(KeyA));
        var fewer = State(KeyA) with { Sites = [.. State(KeyA).Sites.Where(s => s.Domain != "one.example")] };

        var scope = view.Decide(Converged(fewer), _ => null, index, allowIncremental: true);
        var after = view.After(scope);

        Assert.False(scope.IsFull);
        Assert.NotNull(after);
        Assert.Equal(["three.example", "two.example"], after.Sites.Keys);
    }

    [Fact]
    public void The_store_reads_back_what_it_saved_and_an_unreadable_record_as_none()
    {
        var store = new AppliedIndexStore(profile, files);
        Directory.CreateDirectory(profile.StateDir.Value);
        var index = Recorded(State(KeyA));

        store.Save(index);
        var read = store.Load();
        File.WriteAllText(store.Path.Value, "{ not json");
        var corrupt = store.Load();
        store.Forget();

        Assert.NotNull(read);
        Assert.Equal(index.Sites.Keys, read.Sites.Keys);
        Assert.Equal(index.Sites["one.example"].Prints, read.Sites["one.example"].Prints);
        Assert.Null(corrupt);
        Assert.Null(store.Load());
    }

    [Fact]
    public void The_store_reads_the_file_again_once_another_writer_replaced_or_removed_it()
    {
        var store = new AppliedIndexStore(profile, files);
        Directory.CreateDirectory(profile.StateDir.Value);
        store.Save(Recorded(State(KeyA)));
        Assert.NotNull(store.Load());

        // Another process (the CLI) records an index without one of the sites: the daemon's remembered copy is stale.
        var fewer = State(KeyA) with { Sites = [.. State(KeyA).Sites.Where(s => s.Domain != "one.example")] };
        new AppliedIndexStore(profile, files).Save(Recorded(fewer));
        var reread = store.Load();
        File.Delete(store.Path.Value);
        var removed = store.Load();

        Assert.NotNull(reread);
        Assert.Equal(["three.example", "two.example"], reread.Sites.Keys);
        Assert.Null(removed);
    }

    private static DesiredStateDto State(string secondKey) => new(
    [
        new SiteDto("one.example", true, [new JailUserDto("uone", false, true, false, [KeyA])]),
        new SiteDto("two.example", true, [new JailUserDto("utwo", false, true, false, [secondKey])]),
        new SiteDto("three.example", true, [new JailUserDto("uthree", false, false, false, [])]),
    ]);

    /// <summary>The target of <paramref name="state"/>, with its site directories and key files made as it says (a converged host).</summary>
    private HostTarget Converged(DesiredStateDto state)
    {
        var target = Target(state);
        foreach (var dir in target.SiteDirectories)
        {
            Directory.CreateDirectory(dir.Path.Value);
            File.SetUnixFileMode(dir.Path.Value, (UnixFileMode)dir.Mode);
        }

        Directory.CreateDirectory(profile.AuthorizedKeysDir.Value);
        foreach (var file in target.Files.Where(f => f.Role == FileRole.AuthorizedKeys))
        {
            if (!File.Exists(file.Path.Value) || File.ReadAllText(file.Path.Value) != file.Content)
            {
                File.WriteAllText(file.Path.Value, file.Content);
            }
        }

        return target;
    }

    private HostTarget Target(DesiredStateDto state) => TargetBuilder.Build(DesiredStateParser.Parse(state, profile, DateTimeOffset.UtcNow), profile);

    private AppliedIndex Recorded(DesiredStateDto state) =>
        view.After(view.Decide(Converged(state), _ => null, previous: null, allowIncremental: true))!;
}
