using SftpJail.Data.Services.Import;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Import;

/// <summary>Every row is checked before anything changes; one bad row stops the whole file and is named by its line.</summary>
public sealed class ImportValidationTests : IDisposable
{
    private readonly SiteServiceFixture f = new();

    public ImportValidationTests() => Importer = new SiteImporter(f.Service, f.Db, f.Executor);

    private SiteImporter Importer { get; }

    public void Dispose() => f.Dispose();

    /// <summary>200 rows; rows 13, 57, 101, 150 and 199 broken in five different ways. CSV line = row + 1 (the header).</summary>
    private static List<string[]> TwoHundredWithFiveBad(out int[] badRows)
    {
        var rows = ImportFiles.ValidRows(200);
        rows[12] = ["bad domain.example", "imp13", "a-long-password-13", "", "", ""];
        rows[56] = ["imp57.example", "Bad%User", "", "", "", ""];
        rows[100] = ["imp101.example", "imp101", "short", "", "", ""];
        rows[149] = ["imp150.example", "imp3", "", "", "", ""]; // imp3 is row 3's user
        rows[198] = ["imp199.example", "imp199", "", "ssh-rsa AAAAnotakey", "", ""];
        badRows = [13, 57, 101, 150, 199];
        return rows;
    }

    [Fact]
    public async Task An_import_of_200_rows_with_5_bad_ones_changes_nothing_and_reports_exactly_those_5_by_line()
    {
        var csv = ImportFiles.Csv(TwoHundredWithFiveBad(out var bad));

        var result = await Importer.ImportAsync(ImportFiles.Bytes(csv), ImportFormat.Csv, Staff);

        Assert.False(result.Succeeded);
        Assert.Equal(bad.Select(row => row + 1), result.Errors.Select(e => e.Location.Line));
        Assert.StartsWith("line 14: domain:", result.Errors[0].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("line 58: user:", result.Errors[1].ToString(), StringComparison.Ordinal);
        Assert.StartsWith("line 102: password:", result.Errors[2].ToString(), StringComparison.Ordinal);
        Assert.Equal("line 151: user: imp3 is already on line 4; a user name is one account on the host.", result.Errors[3].ToString());
        Assert.StartsWith("line 200: key", result.Errors[4].ToString(), StringComparison.Ordinal);
        Assert.Empty(f.Executor.Applies);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.AuditRows());
        Assert.Empty(result.Passwords);
    }

    [Fact]
    public async Task Fixed_the_same_200_rows_apply_in_one_batch_with_one_audit_row()
    {
        var rows = TwoHundredWithFiveBad(out _);
        var fixedRows = ImportFiles.ValidRows(200);
        Assert.NotEqual(ImportFiles.Csv(rows), ImportFiles.Csv(fixedRows));

        var result = await Importer.ImportAsync(ImportFiles.Bytes(ImportFiles.Csv(fixedRows)), ImportFormat.Csv, Staff);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal((200, 200, 20), f.Counts());
        var apply = Assert.Single(f.Executor.Applies);
        Assert.Equal(200, apply.State.Sites.Count);
        var audit = Assert.Single(f.AuditRows());
        Assert.Equal("site.import", audit.Action);
        Assert.Equal("200 sites, 200 users", audit.Target);

        // Rows with neither password nor key got one generated; those are what the caller is handed, once.
        var generatedFor = fixedRows.Where(r => r[2] == "" && r[3] == "").Select(r => r[1]).ToList();
        Assert.Equal(generatedFor, result.Passwords.Select(p => p.UserName));
        Assert.All(result.Passwords, p => Assert.True(p.Password.Length >= 20));
        Assert.Equal(fixedRows.Where(r => r[3] == "").Select(r => r[1]).Order(), apply.Passwords.Select(p => p.UserName).Order());
        foreach (var secret in apply.Passwords.Select(p => p.Password))
        {
            Assert.DoesNotContain(secret, audit.After ?? "", StringComparison.Ordinal);
            Assert.DoesNotContain(secret, audit.Detail ?? "", StringComparison.Ordinal);
        }

        var keyOnly = apply.State.Sites.Single(s => s.Domain == "imp10.example").Users.Single();
        Assert.True(keyOnly.KeyOnly);
        Assert.True(apply.State.Sites.Single(s => s.Domain == "imp7.example").Users.Single().ReadOnly);
    }

    [Fact]
    public async Task The_same_file_in_json_reports_the_same_rows_by_line_and_item()
    {
        var json = ImportFiles.Json(TwoHundredWithFiveBad(out var bad));

        var result = await Importer.ImportAsync(ImportFiles.Bytes(json), ImportFormat.Json, Staff);

        Assert.False(result.Succeeded);
        Assert.Equal(bad.Select(row => row - 1), result.Errors.Select(e => e.Location.Item!.Value));
        // The serializer writes each object over 8 lines after the opening bracket.
        Assert.Equal(bad.Select(row => 2 + ((row - 1) * 8)), result.Errors.Select(e => e.Location.Line));
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Empty(f.Executor.Applies);
    }

    [Fact]
    public async Task A_dry_run_shows_each_sites_steps_and_the_shared_ones_and_changes_nothing()
    {
        var csv = ImportFiles.Csv(ImportFiles.ValidRows(3));

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.True(preview.CanApply, preview.Error);
        Assert.Equal(["imp1.example", "imp2.example", "imp3.example"], preview.Sites.Select(s => s.Domain));
        Assert.All(preview.Sites, s => Assert.Equal(1, s.StepCount));
        Assert.Equal(64, preview.PlanIdentity!.Length);
        Assert.Empty(f.Executor.Applies);
        Assert.Equal((0, 0, 0), f.Counts());
    }

    [Fact]
    public async Task A_password_in_the_wrong_column_is_reported_by_line_and_column_but_never_echoed()
    {
        // Columns: domain, user, password, key, read_only, customer_email.
        var csv = ImportFiles.Csv([
            ["one.example", "one", "", "S3cret-Passw0rd!", "", ""],
            ["two.example", "two", "", "", "Other-Passw0rd!", ""],
            ["three.example", "three", "", "", "", "Third-Passw0rd!"],
            ["four.example", "four", "", "correct-horse-passw0rd-staple", "", ""],
            ["five.example", "five", "", "Summer-Passw0rd=3x", "", ""],
            ["six.example", "six", "", "sk-Passw0rd-token", "", ""],
        ]);

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.Equal(["line 2", "line 3", "line 4", "line 5", "line 6", "line 7"], preview.Errors.Select(e => e.ToString().Split(':')[0]));
        Assert.Equal(["key", "read_only", "customer_email", "key", "key", "key"], preview.Errors.Select(e => e.ToString().Split(':')[1].Trim()));
        Assert.All(preview.Errors, e => Assert.DoesNotContain("passw0rd", e.ToString(), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(f.Executor.Applies);
    }

    [Fact]
    public async Task Rows_that_clash_with_the_database_or_each_other_by_www_name_are_reported()
    {
        await f.AddSiteAsync("taken.example", "taken1");
        var csv = ImportFiles.Csv([
            ["www.taken.example", "wwwtaken", "", "", "", ""],
            ["new.example", "taken1", "", "", "", ""],
            ["shop.example", "shop", "", "", "", ""],
            ["www.shop.example", "wwwshop", "", "", "", ""],
            ["ro.example", "sftpjail-ro", "", "", "", ""],
        ]);

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.Equal(
            [
                "line 2: domain: www.taken.example is already served by the site taken.example (every site answers for its www. name).",
                "line 3: user: The user taken1 already exists (site taken.example).",
                "line 5: domain: www.shop.example is already served by the site shop.example (line 4) (every site answers for its www. name).",
                "line 6: user: sftpjail-ro is the name of a group SftpJail uses; choose another user name.",
            ],
            preview.Errors.Select(e => e.ToString()));
        Assert.Null(preview.PlanIdentity);
    }

    [Fact]
    public async Task A_user_the_host_has_but_sftpjail_did_not_make_is_reported_on_its_row()
    {
        f.Executor.ForeignAccounts.Add("deploy");
        var csv = ImportFiles.Csv([["a.example", "alice", "", "", "", ""], ["b.example", "deploy", "", "", "", ""]]);

        var result = await Importer.ImportAsync(ImportFiles.Bytes(csv), ImportFormat.Csv, Staff);

        var error = Assert.Single(result.Errors);
        Assert.Equal("line 3: user: The account deploy already exists on this host and is not managed by SftpJail; choose another user name.", error.ToString());
        Assert.Empty(f.Executor.Applies);
    }

    [Fact]
    public async Task A_domain_on_several_rows_is_one_site_with_several_users_owned_by_the_first()
    {
        var csv = ImportFiles.Csv([["team.example", "team1", "a-long-password-1", "", "", ""], ["team.example", "team2", "", "", "true", ""]]);

        var result = await Importer.ImportAsync(ImportFiles.Bytes(csv), ImportFormat.Csv, Staff);

        Assert.True(result.Succeeded, result.Error);
        var site = Assert.Single(f.Executor.LastState.Sites);
        Assert.Equal(["team1", "team2"], site.Users.Select(u => u.Name));
        Assert.True(site.Users[1].ReadOnly);
    }

    [Fact]
    public async Task A_missing_header_or_malformed_quoting_is_a_file_error_at_its_line()
    {
        var noHeader = await Importer.PreviewAsync(ImportFiles.Bytes("a.example,alice\n"), ImportFormat.Csv);
        var badQuote = await Importer.PreviewAsync(ImportFiles.Bytes(ImportFiles.Header + "\na.example,alice\n\"b.example,bob\n"), ImportFormat.Csv);
        var badJson = await Importer.PreviewAsync(ImportFiles.Bytes("[\n{\"domain\": \"a.example\", \"user\": \"alice\"},\n{\"domain\": \n"), ImportFormat.Json);

        Assert.StartsWith("line 1: header:", Assert.Single(noHeader.Errors).ToString(), StringComparison.Ordinal);
        Assert.Contains(badQuote.Errors, e => e.Message.StartsWith("file: Malformed CSV", StringComparison.Ordinal));
        Assert.Contains(badJson.Errors, e => e.Message.StartsWith("file: Not valid JSON", StringComparison.Ordinal));
        Assert.False(badJson.CanApply);
    }

    [Fact]
    public async Task A_password_and_a_key_on_one_row_is_refused_and_the_password_is_not_echoed()
    {
        var csv = ImportFiles.Csv([["a.example", "alice", "a-secret-passphrase", AliceKey, "", ""]]);

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        var error = Assert.Single(preview.Errors);
        Assert.StartsWith("line 2: password: Give a password or a key, not both", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("a-secret-passphrase", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_apply_quoting_a_stale_preview_is_refused()
    {
        var csv = ImportFiles.Bytes(ImportFiles.Csv(ImportFiles.ValidRows(2)));
        var preview = await Importer.PreviewAsync(csv, ImportFormat.Csv);
        await f.AddSiteAsync("other.example", "other");

        var result = await Importer.ImportAsync(csv, ImportFormat.Csv, Staff, preview.PlanIdentity);

        Assert.False(result.Succeeded);
        Assert.Equal(Data.Services.SiteService.StalePlanError, result.Error);
        Assert.Equal((1, 1, 0), f.Counts());
    }

    [Fact]
    public async Task A_failed_apply_keeps_nothing_and_hands_out_no_password()
    {
        f.Executor.Fail("sshd -t rejected the candidate");
        var csv = ImportFiles.Bytes(ImportFiles.Csv([["a.example", "alice", "", "", "", ""]]));

        var result = await Importer.ImportAsync(csv, ImportFormat.Csv, Staff);

        Assert.False(result.Succeeded);
        Assert.Empty(result.Passwords);
        Assert.Equal((0, 0, 0), f.Counts());
        Assert.Equal("failed", Assert.Single(f.AuditRows()).Result);
    }

    [Fact]
    public async Task A_spreadsheet_export_with_a_byte_order_mark_and_crlf_line_ends_reads_the_same()
    {
        var csv = "\uFEFF" + ImportFiles.Csv(ImportFiles.ValidRows(3)).Replace("\n", "\r\n", StringComparison.Ordinal);

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.True(preview.CanApply, string.Join("\n", preview.Errors) + preview.Error);
        Assert.Equal(["imp1", "imp2", "imp3"], preview.Sites.SelectMany(s => s.Users));
    }

    [Fact]
    public async Task A_row_with_more_fields_than_the_header_is_reported_not_guessed()
    {
        var csv = ImportFiles.Header + "\na.example,alice,a-long-password-1,,,,extra\n";

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.StartsWith("line 2: row: 7 fields", Assert.Single(preview.Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_named_like_a_group_the_host_is_configured_with_is_reported_on_its_row()
    {
        // The executor knows the configured groups (here an admin group "wheel2"); it refuses the state as the parser does.
        f.Executor.RefusePlanWith = state => state.Sites.SelectMany(s => s.Users).Any(u => u.Name == "wheel2")
            ? "username: 'wheel2' is the name of the admin group 'wheel2' on this host; choose another username."
            : null;
        var csv = ImportFiles.Csv([["a.example", "alice", "", "", "", ""], ["b.example", "wheel2", "", "", "", ""]]);

        var preview = await Importer.PreviewAsync(ImportFiles.Bytes(csv), ImportFormat.Csv);

        Assert.Equal("line 3: user: wheel2 is the name of the admin group 'wheel2' on this host; choose another user name.", Assert.Single(preview.Errors).ToString());
        Assert.Null(preview.PlanIdentity);
    }
}
