using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <inheritdoc />
    public partial class AuditCountersignature : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A table rebuild rather than ALTER TABLE ADD COLUMN, so the stored schema is the one EnsureCreated writes
            // (MigrationMatchesModelTests compares them); every row keeps its id, hash and content.
            const string Columns = "\"Id\", \"At\", \"Actor\", \"Action\", \"Target\", \"Before\", \"After\", \"Result\", \"Error\", \"Detail\", \"PreviousHash\", \"Hash\"";
            migrationBuilder.Sql("""
                CREATE TABLE "ef_temp_AuditEntries" (
                    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
                    "At" INTEGER NOT NULL,
                    "Actor" TEXT NOT NULL,
                    "Action" TEXT NOT NULL,
                    "Target" TEXT NOT NULL,
                    "Before" TEXT NULL,
                    "After" TEXT NULL,
                    "Result" TEXT NOT NULL,
                    "Error" TEXT NULL,
                    "Detail" TEXT NULL,
                    "PreviousHash" TEXT NOT NULL,
                    "Hash" TEXT NOT NULL,
                    "Mac" TEXT NULL
                );
                """);
            migrationBuilder.Sql($"INSERT INTO \"ef_temp_AuditEntries\" ({Columns}) SELECT {Columns} FROM \"AuditEntries\";");
            migrationBuilder.Sql("DROP TABLE \"AuditEntries\";");
            migrationBuilder.Sql("ALTER TABLE \"ef_temp_AuditEntries\" RENAME TO \"AuditEntries\";");
            foreach (var column in new[] { "Action", "Actor", "At", "Target" })
            {
                migrationBuilder.Sql($"CREATE INDEX \"IX_AuditEntries_{column}\" ON \"AuditEntries\" (\"{column}\");");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Mac",
                table: "AuditEntries");
        }
    }
}
