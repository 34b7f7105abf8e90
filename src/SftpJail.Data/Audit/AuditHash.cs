using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SftpJail.Data.Audit;

/// <summary>
/// Hash = lower-case hex SHA-256 of UTF-8 (PreviousHash + "\n" + canonical row). The canonical row is a JSON array of
/// every stored field in a fixed order (id, UTC ticks, actor, action, target, before, after, result, error, detail):
/// JSON escaping makes it unambiguous, so no two different rows serialise the same.
/// </summary>
public static class AuditHash
{
    /// <summary>The PreviousHash of the first row.</summary>
    public static readonly string Genesis = new('0', 64);

    public static string Compute(AuditEntry entry)
    {
        using var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes(entry.PreviousHash + "\n"));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            json.WriteNumberValue(entry.Id);
            json.WriteNumberValue(entry.At.UtcTicks);
            json.WriteStringValue(entry.Actor);
            json.WriteStringValue(entry.Action);
            json.WriteStringValue(entry.Target);
            WriteNullable(json, entry.Before);
            WriteNullable(json, entry.After);
            json.WriteStringValue(entry.Result);
            WriteNullable(json, entry.Error);
            WriteNullable(json, entry.Detail);
            json.WriteEndArray();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    private static void WriteNullable(Utf8JsonWriter json, string? value)
    {
        if (value is null)
        {
            json.WriteNullValue();
        }
        else
        {
            json.WriteStringValue(value);
        }
    }
}
