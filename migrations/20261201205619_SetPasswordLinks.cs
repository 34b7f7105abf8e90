using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <inheritdoc />
    public partial class SetPasswordLinks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "SetPasswordLinks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SftpAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SetPasswordLinks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SetPasswordLinks_SftpAccounts_SftpAccountId",
                        column: x => x.SftpAccountId,
                        principalTable: "SftpAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SetPasswordLinks_SftpAccountId",
                table: "SetPasswordLinks",
                column: "SftpAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SetPasswordLinks_TokenHash",
                table: "SetPasswordLinks",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SetPasswordLinks");
        }
    }
}
