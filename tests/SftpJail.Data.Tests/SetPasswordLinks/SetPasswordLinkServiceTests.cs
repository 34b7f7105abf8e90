using System.Buffers.Text;
using System.Security.Cryptography;
using SftpJail.Core.Contract;
using SftpJail.Data.SetPasswordLinks;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.SetPasswordLinks;

public sealed class SetPasswordLinkServiceTests : SetPasswordLinkTestBase
{
    [Fact]
    public async Task A_link_sets_the_users_password_through_the_executor_once_audited_as_the_customer_via_that_link()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        var applies = F.Executor.Applies.Count;

        var redeemed = await Links.RedeemAsync(link.Token, Chosen);

        Assert.Equal(SetPasswordRedeemStatus.Done, redeemed.Status);
        Assert.Equal(("site1.com", "alice"), (redeemed.Target!.Domain, redeemed.Target.UserName));
        Assert.Equal(applies + 1, F.Executor.Applies.Count);
        Assert.Equal([new PasswordChange("alice", Chosen)], F.Executor.Applies[^1].Passwords);
        var change = F.AuditRows().Single(r => r.Action == "user.password");
        Assert.Equal($"customer via link {link.LinkId}", change.Actor);
        Assert.Equal("site1.com/alice", change.Target);
        Assert.Equal("applied", change.Result);
    }

    [Fact]
    public async Task A_used_link_sets_nothing_a_second_time()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.Equal(SetPasswordRedeemStatus.Done, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        var applies = F.Executor.Applies.Count;

        var again = await Links.RedeemAsync(link.Token, "another-Chosen-pass-77");

        Assert.Equal(SetPasswordRedeemStatus.NotValid, again.Status);
        Assert.Equal(SetPasswordRedeemed.NotValidMessage, again.Error);
        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(applies, F.Executor.Applies.Count);
        Assert.Contains(F.AuditRows(), r => r.Action == SetPasswordLinkService.DeniedAction && r.Detail == "used");
    }

    [Fact]
    public async Task A_link_works_until_its_lifetime_ends_and_not_after()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.Equal(F.Clock.Now.AddHours(SetPasswordLinkOptions.DefaultLifetimeHours), link.ExpiresAt);

        F.Clock.Advance(TimeSpan.FromHours(SetPasswordLinkOptions.DefaultLifetimeHours) - TimeSpan.FromSeconds(1));
        Assert.NotNull(await Links.FindAsync(link.Token));
        F.Clock.Advance(TimeSpan.FromSeconds(1));
        var applies = F.Executor.Applies.Count;

        await AssertSetsNothingAsync(link, applies);
    }

    [Fact]
    public async Task The_lifetime_comes_from_the_configuration_or_the_request_and_is_bounded()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var configured = new SetPasswordLinkService(F.Db, F.Service, F.Audit, F.Clock, new SetPasswordLinkOptions { LifetimeHours = 2 });

        var fromOptions = await configured.CreateAsync(new NewSetPasswordLink("alice"), Staff);
        var fromRequest = await configured.CreateAsync(new NewSetPasswordLink("alice", LifetimeHours: 5), Staff);
        var tooLong = await configured.CreateAsync(new NewSetPasswordLink("alice", LifetimeHours: SetPasswordLinkOptions.MaxLifetimeHours + 1), Staff);

        Assert.Equal(F.Clock.Now.AddHours(2), fromOptions.ExpiresAt);
        Assert.Equal(F.Clock.Now.AddHours(5), fromRequest.ExpiresAt);
        Assert.False(tooLong.Succeeded);
        Assert.StartsWith("expiresInHours:", tooLong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_sha256_of_the_tokens_bytes_is_stored_and_neither_token_nor_hash_is_audited()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        await Links.RedeemAsync(link.Token, Chosen);

        Assert.Equal(SetPasswordLinkToken.Length, link.Token.Length);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Base64Url.DecodeFromChars(link.Token)));
        Assert.Equal([hash], F.Database.Strings("SELECT TokenHash FROM SetPasswordLinks"));
        foreach (var table in F.Database.Strings("SELECT name FROM sqlite_master WHERE type = 'table'"))
        {
            Assert.All(F.Database.Strings($"SELECT * FROM \"{table}\""), row =>
            {
                Assert.DoesNotContain(link.Token, row, StringComparison.Ordinal);
                Assert.DoesNotContain(Chosen, row, StringComparison.Ordinal);
            });
        }

        Assert.All(F.Database.Strings("SELECT * FROM AuditEntries"), row => Assert.DoesNotContain(hash, row, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_link_for_the_same_user_revokes_the_earlier_unused_one()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        await F.AddSiteAsync("site2.com", "bob", "Staff-chosen-2");
        var first = await CreateAsync("alice");
        var bobs = await CreateAsync("bob");

        var second = await CreateAsync("alice");

        Assert.Equal(1, second.Revoked);
        Assert.Null(await Links.FindAsync(first.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(first.Token, Chosen)).Status);
        Assert.NotNull(await Links.FindAsync(bobs.Token));
        Assert.Equal(SetPasswordRedeemStatus.Done, (await Links.RedeemAsync(second.Token, Chosen)).Status);
    }

    [Fact]
    public async Task A_wrong_token_sets_nothing_whatever_its_shape()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        var flipped = (link.Token[0] == 'A' ? "B" : "A") + link.Token[1..];
        var applies = F.Executor.Applies.Count;

        foreach (var wrong in new[] { flipped, Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32)), link.Token[..^1], link.Token + "A", link.Token.ToUpperInvariant(), "", "../../etc/passwd", NonCanonical(link.Token) })
        {
            Assert.Null(await Links.FindAsync(wrong));
            var redeemed = await Links.RedeemAsync(wrong, Chosen);
            Assert.Equal(SetPasswordRedeemStatus.NotValid, redeemed.Status);
            Assert.Null(redeemed.Target);
        }

        Assert.Equal(applies, F.Executor.Applies.Count);
        Assert.NotNull(await Links.FindAsync(link.Token));
    }

    [Fact]
    public async Task A_password_the_rules_or_the_executor_refuse_leaves_the_link_working()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        var applies = F.Executor.Applies.Count;

        var tooShort = await Links.RedeemAsync(link.Token, "short");
        var newline = await Links.RedeemAsync(link.Token, "two-lines\nroot:owned-pass");
        Assert.Equal(applies, F.Executor.Applies.Count);
        F.Executor.Fail("chpasswd failed");
        var failed = await Links.RedeemAsync(link.Token, Chosen);
        F.Executor.OnApply = null;
        var done = await Links.RedeemAsync(link.Token, Chosen);

        Assert.Equal(SetPasswordRedeemStatus.Refused, tooShort.Status);
        Assert.StartsWith("password:", tooShort.Error, StringComparison.Ordinal);
        Assert.Equal(SetPasswordRedeemStatus.Refused, newline.Status);
        Assert.Equal(SetPasswordRedeemStatus.Refused, failed.Status);
        Assert.NotNull(failed.Change?.AuditEntryId);
        Assert.Equal(SetPasswordRedeemStatus.Done, done.Status);
    }

    [Fact]
    public async Task A_link_whose_user_was_removed_sets_nothing()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");
        Assert.True((await F.Service.RemoveSiteAsync("site1.com", Staff)).Succeeded);
        var applies = F.Executor.Applies.Count;

        await AssertSetsNothingAsync(link, applies);
    }

    [Fact]
    public async Task Revoking_withdraws_every_unused_link_of_the_user_and_is_audited()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        var link = await CreateAsync("alice");

        var (revoked, error) = await Links.RevokeAsync(new NewSetPasswordLink("alice", Domain: "site1.com"), Staff);

        Assert.Null(error);
        Assert.Equal(1, revoked);
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        Assert.Contains(F.AuditRows(), r => r.Action == SetPasswordLinkService.RevokedAction && r.Target == "site1.com/alice" && r.Actor == Staff.Name);
    }

    [Fact]
    public async Task A_link_is_made_only_for_an_existing_password_user_of_the_named_site()
    {
        await F.AddSiteAsync("site1.com", "alice", "Staff-chosen-1");
        await F.AddSiteAsync("site2.com", "bob", null, AliceKey);
        var site1 = (await F.Service.FindSiteAsync("site1.com"))!.Site.Id;

        var wrongSite = await Links.CreateAsync(new NewSetPasswordLink("alice", Domain: "site2.com"), Staff);
        var wrongId = await Links.CreateAsync(new NewSetPasswordLink("alice", SiteId: site1 + 1), Staff);
        var missing = await Links.CreateAsync(new NewSetPasswordLink("carol"), Staff);
        var invalid = await Links.CreateAsync(new NewSetPasswordLink("Alice\nroot"), Staff);
        var right = await Links.CreateAsync(new NewSetPasswordLink("alice", SiteId: site1, Domain: "site1.com"), Staff);

        Assert.All(new[] { wrongSite, wrongId, missing, invalid }, made => Assert.False(made.Succeeded));
        Assert.True(right.Succeeded, right.Error);
        Assert.Single(F.Database.Strings("SELECT Id FROM SetPasswordLinks"));
        Assert.Contains(F.AuditRows(), r => r.Action == SetPasswordLinkService.CreatedAction && r.Target == "site1.com/alice" && r.Actor == Staff.Name);
    }

    [Fact]
    public async Task A_key_only_user_gets_no_link()
    {
        await F.Service.AddSiteAsync(new Services.NewSiteRequest("site2.com", "bob", Keys: [AliceKey], KeyOnly: true), Staff);

        var made = await Links.CreateAsync(new NewSetPasswordLink("bob"), Staff);

        Assert.False(made.Succeeded);
        Assert.Contains("keys only", made.Error, StringComparison.Ordinal);
    }

    // The same 32 bytes spelled with the last character's two spare bits set: a different text for the same token.
    private static string NonCanonical(string token)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = Alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        return token[..^1] + Alphabet[last ^ 1];
    }
}
