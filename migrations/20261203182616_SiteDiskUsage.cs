using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <inheritdoc />
    public partial class SiteDiskUsage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DiskMeasuredAt",
                table: "Sites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "DiskUsedBytes",
                table: "Sites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sites_DiskUsedBytes",
                table: "Sites",
                column: "DiskUsedBytes");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Sites_DiskUsedBytes",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "DiskMeasuredAt",
                table: "Sites");

            migrationBuilder.DropColumn(
                name: "DiskUsedBytes",
                table: "Sites");
        }
    }
}
