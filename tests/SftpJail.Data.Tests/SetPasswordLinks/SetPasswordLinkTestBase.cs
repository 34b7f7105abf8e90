using SftpJail.Data.SetPasswordLinks;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.SetPasswordLinks;

/// <summary>A site service over a fresh database and the link service under test, with the link checks the tests share.</summary>
public abstract class SetPasswordLinkTestBase : IDisposable
{
    protected const string Chosen = "violet-Canyon-anchor-58";

    protected SetPasswordLinkTestBase() => Links = new SetPasswordLinkService(F.Db, F.Service, F.Audit, F.Clock, new SetPasswordLinkOptions());

    protected SiteServiceFixture F { get; } = new();

    protected SetPasswordLinkService Links { get; }

    public void Dispose()
    {
        F.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<SetPasswordLinkCreated> CreateAsync(string user)
    {
        var made = await Links.CreateAsync(new NewSetPasswordLink(user), Staff);
        Assert.True(made.Succeeded, made.Error);
        return made;
    }

    /// <summary>The link is not found, redeeming it is refused, and nothing reached the executor since <paramref name="appliesBefore"/>.</summary>
    protected async Task AssertSetsNothingAsync(SetPasswordLinkCreated link, int appliesBefore)
    {
        Assert.Null(await Links.FindAsync(link.Token));
        Assert.Equal(SetPasswordRedeemStatus.NotValid, (await Links.RedeemAsync(link.Token, Chosen)).Status);
        Assert.Equal(appliesBefore, F.Executor.Applies.Count);
    }
}
