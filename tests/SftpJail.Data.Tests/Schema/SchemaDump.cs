using System.Text;
using SftpJail.Data.Tests.Infrastructure;

namespace SftpJail.Data.Tests.Schema;

/// <summary>Everything SQLite knows about a schema (table SQL, columns, indexes, foreign keys) as comparable text.</summary>
internal static class SchemaDump
{
    public static string Of(TestDatabase database)
    {
        var dump = new StringBuilder();
        var tables = database.Strings(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND substr(name, 1, 4) <> '__EF' ORDER BY name");
        foreach (var table in tables)
        {
            dump.AppendLine($"table {table}");
            // Whitespace collapsed: ALTER TABLE ADD COLUMN (how a migration adds a nullable column) lays the stored SQL out
            // differently from CREATE TABLE; the columns themselves are compared one by one below.
            var sql = string.Join('\n', database.Strings($"SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
            dump.AppendLine(System.Text.RegularExpressions.Regex.Replace(sql, @"\s+", " "));
            foreach (var column in database.Strings($"SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"))
            {
                dump.AppendLine($"  column {column}");
            }

            foreach (var fk in database.Strings($"SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}') ORDER BY \"from\""))
            {
                dump.AppendLine($"  fk {fk}");
            }

            foreach (var index in database.Strings($"SELECT name, \"unique\", origin FROM pragma_index_list('{table}') ORDER BY name"))
            {
                var parts = index.Split('|');
                var columns = string.Join(',', database.Strings($"SELECT name FROM pragma_index_info('{parts[0]}') ORDER BY seqno"));
                dump.AppendLine($"index {parts[0]} on {table} unique={parts[1]} cols={columns} origin={parts[2]}");
            }
        }

        return dump.ToString();
    }
}
