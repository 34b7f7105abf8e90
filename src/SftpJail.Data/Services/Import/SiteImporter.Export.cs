using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace SftpJail.Data.Services.Import;

public sealed partial class SiteImporter
{
    /// <summary>
    /// Every site and user in the import format, one row per user (a site's owner first), keys one per line of the key
    /// field, never a password: importing it on a fresh host recreates the same sites and users (users without a key
    /// get a new generated password). Disabled flags are not part of the format.
    /// </summary>
    public async Task<string> ExportAsync(ImportFormat format, CancellationToken cancellationToken = default)
    {
        var sites = await db.Sites.AsNoTracking().Include(s => s.Users).ThenInclude(u => u.Keys).AsSplitQuery().ToListAsync(cancellationToken);
        var customerIds = sites.Where(s => s.CustomerAccountId is not null).Select(s => s.CustomerAccountId!).Distinct().ToList();
        var emails = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chunk in customerIds.Chunk(QueryChunk))
        {
            foreach (var account in await db.Users.AsNoTracking().Where(u => chunk.Contains(u.Id)).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken))
            {
                emails[account.Id] = account.Email;
            }
        }

        var rows = sites.OrderBy(s => s.Domain, StringComparer.Ordinal)
            .SelectMany(s => s.Users.OrderBy(u => u.Id).Select(u => new ExportRow(
                s.Domain,
                u.UserName,
                string.Join('\n', u.Keys.OrderBy(k => k.Id).Select(k => k.Line)),
                u.ReadOnly,
                s.CustomerAccountId is null ? null : emails.GetValueOrDefault(s.CustomerAccountId))))
            .ToList();
        return format == ImportFormat.Json ? Json(rows) : Csv(rows);
    }

    private sealed record ExportRow(string Domain, string User, string Key, bool ReadOnly, string? CustomerEmail);

    private static string Csv(IReadOnlyList<ExportRow> rows)
    {
        using var text = new StringWriter();
        using (var csv = CsvWriter.Create(text, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true))
        {
            foreach (var column in ImportFormats.Columns)
            {
                csv.WriteField(column);
            }

            csv.EndRecord();
            foreach (var row in rows)
            {
                csv.WriteField(row.Domain);
                csv.WriteField(row.User);
                csv.WriteField(string.Empty);
                csv.WriteField(row.Key);
                csv.WriteField(row.ReadOnly ? "true" : "false");
                csv.WriteField(row.CustomerEmail ?? string.Empty);
                csv.EndRecord();
            }

            csv.Flush();
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<ExportRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("domain", row.Domain);
                json.WriteString("user", row.User);
                if (row.Key.Length > 0)
                {
                    json.WriteString("key", row.Key);
                }

                json.WriteBoolean("read_only", row.ReadOnly);
                if (row.CustomerEmail is not null)
                {
                    json.WriteString("customer_email", row.CustomerEmail);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}
