using System.Text.Json;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.Jail;

/// <summary>Only an account SftpJail really created, still with the uid it was created with, is SftpJail's to change or remove.</summary>
[Collection(HostCollection.Name)]
public sealed class ManagedAccountRecordTests : IAsyncLifetime
{
    private JailHost host = null!;

    public async Task InitializeAsync() => host = await JailHost.CreateAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_failed_apply_records_only_the_users_it_created_and_a_later_hand_made_account_is_not_taken_over()
    {
        var created = host.UserName("a");
        var blocked = host.UserName("b");
        // A group of the second user's name makes its useradd --user-group fail after the first user was created.
        Assert.Equal(0, (await HostCommand.RunAsync("groupadd", [blocked])).ExitCode);
        var state = Of(Site("half.example", User(created), User(blocked)));

        var failed = await host.ApplyAsync(state);

        Assert.False(failed.Succeeded);
        Assert.Equal([created], ManifestUsers());
        Assert.Equal(0, (await HostCommand.RunAsync("groupdel", [blocked])).ExitCode);
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "--shell", "/bin/bash", blocked])).ExitCode);

        var retried = await host.ApplyAsync(state);
        var emptied = await host.ApplyAsync(Of());

        Assert.False(retried.Succeeded);
        Assert.Equal($"The account '{blocked}' already exists on this host and is not managed by SftpJail; choose another username.", retried.Error);
        Assert.True(emptied.Succeeded, emptied.Error);
        Assert.EndsWith(":/bin/bash", (await HostCommand.RunAsync("getent", ["passwd", blocked])).StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.NotEqual(0, (await HostCommand.RunAsync("id", [created])).ExitCode);
    }

    [Fact]
    public async Task A_managed_name_now_held_by_an_account_with_another_uid_is_neither_changed_nor_removed()
    {
        var user = host.UserName("a");
        Assert.True((await host.ApplyAsync(Of(Site("uid.example", User(user))))).Succeeded);
        var uid = uint.Parse((await HostCommand.RunAsync("id", ["-u", user])).StandardOutput.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, (await HostCommand.RunAsync("userdel", [user])).ExitCode);
        var otherUid = Enumerable.Range(1, 500).Select(i => uid + (uint)i).First(candidate => !File.ReadAllText("/etc/passwd").Contains($":{candidate}:", StringComparison.Ordinal));
        Assert.Equal(0, (await HostCommand.RunAsync("useradd", ["--no-create-home", "--uid", otherUid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shell", "/bin/bash", user])).ExitCode);

        var kept = await host.ApplyAsync(Of(Site("uid.example", User(user))));
        var removed = await host.ApplyAsync(Of());

        Assert.False(kept.Succeeded);
        Assert.Contains("is not managed by SftpJail", kept.Error, StringComparison.Ordinal);
        Assert.True(removed.Succeeded, removed.Error);
        Assert.EndsWith(":/bin/bash", (await HostCommand.RunAsync("getent", ["passwd", user])).StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(host.Profile.JailGroup.Value, (await HostCommand.RunAsync("id", ["-nG", user])).StandardOutput, StringComparison.Ordinal);
    }

    private string[] ManifestUsers()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(host.Profile.ManifestPath.Value));
        return json.RootElement.GetProperty("Users").EnumerateArray().Select(u => u.GetString()!).ToArray();
    }
}
