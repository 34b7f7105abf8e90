using Bunit;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Components;

/// <summary>Preview mode: the real engine, in the panel's process, plans against the host but every apply is refused.</summary>
public sealed class PreviewModeTests(PreviewPanelFactory panel) : IClassFixture<PreviewPanelFactory>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task The_real_engine_previews_the_drop_in_but_apply_is_refused_and_changes_nothing()
    {
        await using var ctx = new PanelComponentContext(panel);
        await ctx.SignInAs(await panel.CreateStaffAsync());
        var page = ctx.Render<AddCustomerPage>();

        page.Find("div[data-field=domain] input").Input("preview.example.com");
        page.WaitForAssertion(() => Assert.False(page.Find("[data-preview]").HasAttribute("disabled")), Wait);
        await page.Find("[data-preview]").ClickAsync(new());

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-diff]")), Wait);
        var diffs = string.Join("\n", page.FindAll("[data-diff]").Select(d => d.TextContent));
        Assert.Contains($"{panel.Root}/state/sshd/sshd_config.d/50-sftpjail.conf", diffs, StringComparison.Ordinal);
        Assert.Contains("ChrootDirectory", diffs, StringComparison.Ordinal);
        var apply = page.Find("[data-apply]");
        Assert.True(apply.HasAttribute("disabled"));
        Assert.Contains("refused in preview mode", apply.TextContent, StringComparison.Ordinal);

        // The gateway's own refusal of an apply in preview mode is PanelUnitTests'.
        Assert.Equal(0, await panel.CountSitesAsync());
        Assert.False(Directory.Exists(panel.Root));
    }
}
