using SftpJail.Data.Services;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Sites;

public sealed class HostileInputTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public static TheoryData<string> HostileDomains =>
    [
        "site1.com\nMatch all", "site1\0.com", "si%te.com", "si\"te.com", "si'te.com", "site 1.com", "site..com", "../etc.com", "..",
        "site1.com/..", "*.site1.com", "site1.com\r",
    ];

    public static TheoryData<string> HostileUserNames =>
    [
        "al\nice", "al\0ice", "al%ice", "al\"ice", "al'ice", "al ice", "..", "../root", "alice\n", "root", "Alice", "-alice", "a.b",
    ];

    public void Dispose() => f.Dispose();

    [Theory]
    [MemberData(nameof(HostileDomains))]
    public async Task A_hostile_domain_is_refused_with_one_clear_line_and_creates_nothing(string domain)
    {
        var result = await f.Service.AddSiteAsync(new NewSiteRequest(domain, "alice"), Staff);

        AssertRefusedCleanly(result, "domain: ");
    }

    [Theory]
    [MemberData(nameof(HostileUserNames))]
    public async Task A_hostile_user_name_is_refused_with_one_clear_line_and_creates_nothing(string userName)
    {
        var result = await f.Service.AddSiteAsync(new NewSiteRequest("site1.com", userName), Staff);

        AssertRefusedCleanly(result, "username: ");
    }

    [Theory]
    [MemberData(nameof(HostileUserNames))]
    public async Task A_hostile_name_for_an_added_user_is_refused_and_the_site_keeps_its_users(string userName)
    {
        await f.AddSiteAsync("site1.com", "alice");
        var before = f.Counts();
        var calls = f.Executor.Applies.Count;

        var result = await f.Service.AddUserAsync(new NewUserRequest("site1.com", userName), Staff);

        Assert.False(result.Succeeded);
        Assert.StartsWith("username: ", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, f.Counts());
        Assert.Equal(calls, f.Executor.Applies.Count);
    }

    [Theory]
    [MemberData(nameof(HostileUserNames))]
    public async Task Every_user_command_refuses_a_hostile_name_before_looking_it_up(string userName)
    {
        var results = new[]
        {
            await f.Service.SetPasswordAsync(userName, "long enough password", Staff),
            await f.Service.AddKeyAsync(userName, AliceKey, Staff),
            await f.Service.RemoveKeyAsync(userName, AliceFingerprint, Staff),
            await f.Service.SetUserDisabledAsync(userName, true, Staff),
            await f.Service.RemoveUserAsync(userName, Staff),
        };

        Assert.All(results, r => Assert.StartsWith("username: ", r.Error, StringComparison.Ordinal));
        Assert.All(results, r => Assert.DoesNotContain('\n', r.Error!));
        Assert.Empty(f.Executor.Applies);
    }

    [Theory]
    [InlineData("line\nbreak-password")]
    [InlineData("nul\0character-password")]
    [InlineData("short")]
    [InlineData("")]
    public async Task A_password_chpasswd_could_misread_is_refused(string password)
    {
        var result = await f.Service.AddSiteAsync(new NewSiteRequest("site1.com", "alice", password), Staff);

        AssertRefusedCleanly(result, "password: ");
    }

    [Theory]
    [InlineData("ssh-ed25519 AAAA\nssh-rsa x")]
    [InlineData("command=\"/bin/sh\" " + AliceKey)]
    [InlineData("not a key")]
    public async Task A_bad_key_is_refused_and_creates_nothing(string key)
    {
        var result = await f.Service.AddSiteAsync(new NewSiteRequest("site1.com", "alice", Keys: [key]), Staff);

        Assert.False(result.Succeeded);
        Assert.NotNull(result.Error);
        Assert.DoesNotContain('\n', result.Error);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.Executor.Applies);
    }

    private void AssertRefusedCleanly(OperationResult result, string field)
    {
        Assert.False(result.Succeeded);
        Assert.StartsWith(field, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', result.Error!);
        Assert.DoesNotContain('\0', result.Error!);
        Assert.Null(result.AuditEntryId);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.Executor.Applies);
        Assert.Empty(f.AuditRows());
    }
}
