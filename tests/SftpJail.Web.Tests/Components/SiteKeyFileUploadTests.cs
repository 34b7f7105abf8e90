using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using SftpJail.Core.Values;
using SftpJail.Web.Components.Shared;
using SftpJail.Web.Tests.Fixtures;
using static SftpJail.Web.Tests.Components.SitePageActions;

namespace SftpJail.Web.Tests.Components;

/// <summary>
/// "Add keys from a file" in the site page's keys and add-user dialogs, in a circuit over the real panel: a .pub file
/// made by ssh-keygen lands in the keys box and shows its fingerprint as if pasted, and the key it holds is what gets
/// added; an oversize file and a private key file are refused with a sentence and leave the box as it was.
/// </summary>
public sealed class SiteKeyFileUploadTests(SiteDetailPageTests.World world) : IClassFixture<SiteDetailPageTests.World>
{
    private const string NewKeys = "[data-keys-dialog] [data-field=new-keys] textarea";

    private PanelFactory Panel => world.Panel;

    [Fact]
    public async Task A_pub_file_is_appended_to_the_keys_box_with_its_fingerprint_and_is_the_key_added()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var pair = await KeyFilePair.GenerateAsync("laptop@" + site.UserName);
        var fingerprint = SshPublicKey.Parse(pair.PublicText).Fingerprint;
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        OpenKeys(circuit, page, site.UserName);
        circuit.Find(NewKeys).Input(Ed25519Key);

        KeyFilePair.Upload(circuit.FindComponent<InputFile>(), pair.PublicText, "id_ed25519.pub");

        circuit.WaitForAssertion(() => Assert.Equal(
            [SshPublicKey.Parse(Ed25519Key).Fingerprint, fingerprint],
            circuit.Find("[data-keys-dialog]").QuerySelectorAll("[data-parsed-keys] [data-fingerprint]").Select(f => f.TextContent)), Wait);
        Assert.Equal($"{Ed25519Key}\n{pair.PublicText.Trim()}", circuit.Find(NewKeys).GetAttribute("value"));
        Assert.Empty(circuit.FindAll("[data-key-file-error]"));

        circuit.Find("[data-add-key]").Click();
        WaitForText(circuit, $"The key was added to {site.UserName}.");
        var stored = await ReadAsync(Panel, db => db.SftpAccounts.Where(a => a.UserName == site.UserName).SelectMany(a => a.Keys).Select(k => k.Fingerprint).ToListAsync());
        Assert.Contains(fingerprint, stored);
    }

    [Fact]
    public async Task An_oversize_file_is_refused_unread_and_the_box_is_unchanged()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        OpenKeys(circuit, page, site.UserName);
        circuit.Find(NewKeys).Input(Ed25519Key);
        var huge = string.Join('\n', Enumerable.Repeat(Ed25519Key, (KeyFileUpload.MaxFileBytes / Ed25519Key.Length) + 1));

        KeyFilePair.Upload(circuit.FindComponent<InputFile>(), huge, "authorized_keys");

        circuit.WaitForAssertion(() => Assert.Contains("authorized_keys is larger than 64 KiB", circuit.Find("[data-key-file-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Equal(Ed25519Key, circuit.Find(NewKeys).GetAttribute("value"));
        Assert.Single(circuit.Find("[data-keys-dialog]").QuerySelectorAll("[data-parsed-keys] [data-key-ok]"));
    }

    [Fact]
    public async Task A_private_key_file_is_refused_and_its_text_goes_nowhere()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var pair = await KeyFilePair.GenerateAsync("laptop@" + site.UserName);
        Assert.Contains("PRIVATE KEY", pair.PrivateText, StringComparison.Ordinal);
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        OpenKeys(circuit, page, site.UserName);

        KeyFilePair.Upload(circuit.FindComponent<InputFile>(), pair.PrivateText, "id_ed25519");

        circuit.WaitForAssertion(() => Assert.Contains("id_ed25519 holds a private key", circuit.Find("[data-key-file-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(string.IsNullOrEmpty(circuit.Find(NewKeys).GetAttribute("value")));
        Assert.True(circuit.Find("[data-add-key]").HasAttribute("disabled"));
        var body = pair.PrivateText.Split('\n')[1];
        Assert.DoesNotContain(body, circuit.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_add_user_dialog_takes_a_pub_file_for_a_keys_only_user()
    {
        var site = await Panel.AddCustomerAsync(withLogin: false);
        var name = Panel.Unique("filekey");
        var pair = await KeyFilePair.GenerateAsync(name + "@laptop");
        var fingerprint = SshPublicKey.Parse(pair.PublicText).Fingerprint;
        await using var circuit = await world.StaffCircuitAsync();
        var page = OpenLoaded(circuit, site.Id);
        SiteAddUserDialogTests.OpenAddUser(page, circuit);
        SiteAddUserDialogTests.TypeUserName(circuit, name);
        circuit.Find("[data-mode=none]").Click();
        circuit.WaitForAssertion(() => Assert.Contains("needs at least one SSH key", circuit.Find("[data-add-user-dialog]").TextContent, StringComparison.Ordinal), Wait);

        KeyFilePair.Upload(circuit.FindComponent<InputFile>(), pair.PrivateText, "id_ed25519");
        circuit.WaitForAssertion(() => Assert.Contains("holds a private key", circuit.Find("[data-key-file-error]").TextContent, StringComparison.Ordinal), Wait);
        Assert.True(string.IsNullOrEmpty(circuit.Find("[data-add-user-dialog] [data-field=keys] textarea").GetAttribute("value")));

        KeyFilePair.Upload(circuit.FindComponent<InputFile>(), pair.PublicText, "id_ed25519.pub");
        circuit.WaitForAssertion(() => Assert.Equal(fingerprint, circuit.Find("[data-add-user-dialog] [data-parsed-keys] [data-fingerprint]").TextContent), Wait);
        Assert.Empty(circuit.FindAll("[data-key-file-error]"));
        await SiteAddUserDialogTests.ClickAddAsync(circuit);

        WaitForText(circuit, $"SFTP user {name} was added to {site.Domain}.");
        var added = await ReadAsync(Panel, db => db.SftpAccounts.Include(a => a.Keys).SingleAsync(a => a.UserName == name));
        Assert.True(added.KeyOnly);
        Assert.Equal(fingerprint, Assert.Single(added.Keys).Fingerprint);
    }

    private static void OpenKeys(CircuitHarness circuit, IRenderedComponent<SftpJail.Web.Components.Pages.Sites.SitePage.SiteDetailPage> page, string userName)
    {
        ClickUserButton(page, userName, "keys");
        circuit.WaitForAssertion(() => Assert.NotNull(circuit.Find(NewKeys)), Wait);
    }
}
