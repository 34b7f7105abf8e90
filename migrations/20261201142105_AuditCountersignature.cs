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
            migrationBuilder.AddColumn<string>(
                name: "Mac",
                table: "AuditEntries",
                type: "TEXT",
                nullable: true);
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
