using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SftpJail.Data;

namespace SftpJail.Data.Tests.Infrastructure;

/// <summary>A private in-memory SQLite database that lives as long as this object keeps its connection open.</summary>
public sealed class TestDatabase : IDisposable
{
    private TestDatabase(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static TestDatabase Open()
    {
        var connection = new SqliteConnection("Data Source=:memory:;Foreign Keys=True");
        connection.Open();
        return new TestDatabase(connection);
    }

    /// <summary>A database file, e.g. a copy of a fixture.</summary>
    public static TestDatabase OpenFile(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Foreign Keys=True;Pooling=False");
        connection.Open();
        return new TestDatabase(connection);
    }

    /// <summary>Opened and migrated with the migrations project, as production does.</summary>
    public static TestDatabase Migrated()
    {
        var database = Open();
        using var db = database.NewContext();
        db.Database.Migrate();
        return database;
    }

    public SftpJailDbContext NewContext() =>
        new(new DbContextOptionsBuilder<SftpJailDbContext>().UseSqlite(Connection).Options);

    public List<string> Strings(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    public int Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    public void Dispose() => Connection.Dispose();
}
