using System.Net;
using SftpJail.Web.Tests.Fixtures;

namespace SftpJail.Web.Tests.Pages;

/// <summary>Preview mode: the real engine, in the panel's process, plans against the host but every apply is refused.</summary>
public sealed class PreviewModeTests(PreviewPanelFactory panel) : IClassFixture<PreviewPanelFactory>
{
    [Fact]
    public async Task The_real_engine_previews_the_drop_in_but_apply_changes_nothing()
    {
        using var staff = await panel.LoginAsAsync(await panel.CreateStaffAsync());

        var preview = await staff.SubmitAsync("/sites/add/classic", "add-site", new Dictionary<string, string>
        {
            ["Input.Domain"] = "preview.example.com",
            ["Input.Step"] = "preview",
        });

        Assert.Contains("Preview mode", preview.Text(), StringComparison.Ordinal);
        var diffs = string.Join("\n", preview.Document.QuerySelectorAll("[data-diff]").Select(d => d.TextContent));
        Assert.Contains($"{panel.Root}/state/sshd/sshd_config.d/50-sftpjail.conf", diffs, StringComparison.Ordinal);
        Assert.Contains("ChrootDirectory", diffs, StringComparison.Ordinal);

        var applied = await staff.SubmitAsync(preview, "add-site", new Dictionary<string, string> { ["Input.Step"] = "apply" });

        Assert.Equal(HttpStatusCode.OK, applied.Status);
        Assert.Contains("preview mode: nothing is changed on this host", string.Join(" ", applied.ValidationMessages()), StringComparison.Ordinal);
        Assert.Equal(0, await panel.CountSitesAsync());
        Assert.False(Directory.Exists(panel.Root));
    }
}
