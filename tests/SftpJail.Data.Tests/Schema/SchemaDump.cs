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
            dump.AppendLine(DefinitionsInNameOrder(System.Text.RegularExpressions.Regex.Replace(sql, @"\s+", " ")));
            // By name, not position: ADD COLUMN appends, while EnsureCreated puts a derived entity's own properties
            // (PanelUser's) before IdentityUser's. SQLite and EF address columns by name, so only the position differs.
            foreach (var column in database.Strings($"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}') ORDER BY name"))
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

    /// <summary>CREATE TABLE with its column and constraint definitions sorted, each kept whole.</summary>
    private static string DefinitionsInNameOrder(string sql)
    {
        var open = sql.IndexOf('(', StringComparison.Ordinal);
        var close = sql.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            return sql;
        }

        var parts = new List<string>();
        var depth = 0;
        var start = open + 1;
        for (var i = open + 1; i < close; i++)
        {
            depth += sql[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (sql[i] == ',' && depth == 0)
            {
                parts.Add(sql[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(sql[start..close].Trim());
        return $"{sql[..open].Trim()} ( {string.Join(", ", parts.Order(StringComparer.Ordinal))} )";
    }
}
