using System.Text;
using System.Text.Json;

namespace SftpJail.Data.Tests.Import;

/// <summary>Builds import files: n valid rows, some of them replaced by bad ones.</summary>
internal static class ImportFiles
{
    public const string Header = "domain,user,password,key,read_only,customer_email";

    public static List<string[]> ValidRows(int count, string prefix = "imp") =>
        Enumerable.Range(1, count).Select(i => i switch
        {
            _ when i % 10 == 0 => new[] { $"{prefix}{i}.example", $"{prefix}{i}", "", Infrastructure.SiteServiceFixture.AliceKey.Replace("alice@laptop", $"key{i}"), "false", "" },
            _ when i % 7 == 0 => new[] { $"{prefix}{i}.example", $"{prefix}{i}", "", "", "true", "" },
            _ => new[] { $"{prefix}{i}.example", $"{prefix}{i}", $"a-long-password-{i}", "", "", "" },
        }).ToList();

    public static string Csv(IEnumerable<string[]> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var row in rows)
        {
            text.Append(string.Join(',', row.Select(Quote))).Append('\n');
        }

        return text.ToString();
    }

    public static string Json(IEnumerable<string[]> rows) =>
        JsonSerializer.Serialize(
            rows.Select(r => new Dictionary<string, object?>
            {
                ["domain"] = r[0],
                ["user"] = r[1],
                ["password"] = r[2].Length == 0 ? null : r[2],
                ["key"] = r[3].Length == 0 ? null : r[3],
                ["read_only"] = r[4] == "true",
                ["customer_email"] = r[5].Length == 0 ? null : r[5],
            }),
            new JsonSerializerOptions { WriteIndented = true });

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static string Quote(string field) =>
        field.Contains(',') || field.Contains('"') || field.Contains('\n') ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
