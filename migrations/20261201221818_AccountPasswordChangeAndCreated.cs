using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <inheritdoc />
    public partial class AccountPasswordChangeAndCreated : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "CreatedUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PasswordChangeRequiredUtc",
                table: "AspNetUsers",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CreatedUtc",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "PasswordChangeRequiredUtc",
                table: "AspNetUsers");
        }
    }
}
