using SftpJail.Data.Services.Import;
using SftpJail.Data.Tests.Infrastructure;
using static SftpJail.Data.Tests.Infrastructure.SiteServiceFixture;

namespace SftpJail.Data.Tests.Import;

/// <summary>Export writes the import format (never a password), so importing it on a fresh host gives the same state.</summary>
public sealed class ExportRoundTripTests : IDisposable
{
    private readonly SiteServiceFixture source = new();
    private readonly SiteServiceFixture fresh = new();

    public void Dispose()
    {
        source.Dispose();
        fresh.Dispose();
    }

    [Theory]
    [InlineData(ImportFormat.Csv)]
    [InlineData(ImportFormat.Json)]
    public async Task Export_then_import_on_a_fresh_database_gives_the_same_desired_state(ImportFormat format)
    {
        Assert.True((await source.AddSiteAsync("one.example", "one", "a-long-password-1")).Succeeded);
        Assert.True((await source.Service.AddSiteAsync(new("two.example", "two", Keys: [AliceKey, BobKey], KeyOnly: true), Staff)).Succeeded);
        Assert.True((await source.Service.AddUserAsync(new("two.example", "twoeditor", Password: "a-long-password-2", ReadOnly: true), Staff)).Succeeded);
        var exported = await new SiteImporter(source.Service, source.Db, source.Executor).ExportAsync(format);

        var result = await new SiteImporter(fresh.Service, fresh.Db, fresh.Executor).ImportAsync(ImportFiles.Bytes(exported), format, Staff);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors) + result.Error);
        Assert.DoesNotContain("a-long-password", exported, StringComparison.Ordinal);
        Assert.Contains("alice@laptop", exported, StringComparison.Ordinal);
        var before = await source.Service.BuildDesiredStateAsync();
        var after = await fresh.Service.BuildDesiredStateAsync();
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(before, Core.Contract.Socket.ExecutorJson.Options), System.Text.Json.JsonSerializer.Serialize(after, Core.Contract.Socket.ExecutorJson.Options));
        Assert.Equal(["one", "twoeditor"], result.Passwords.Select(p => p.UserName));
    }

    [Fact]
    public async Task The_csv_export_has_the_documented_header_and_a_multi_key_field_quoted()
    {
        Assert.True((await source.AddSiteAsync("two.example", "two", null, AliceKey, BobKey)).Succeeded);

        var csv = await new SiteImporter(source.Service, source.Db, source.Executor).ExportAsync(ImportFormat.Csv);

        Assert.StartsWith("domain,user,password,key,read_only,customer_email\ntwo.example,two,,\"ssh-ed25519 ", csv, StringComparison.Ordinal);
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
