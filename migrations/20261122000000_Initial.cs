using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SftpJail.Data.Migrations
{
    /// <summary>
    /// First schema: Identity (schema version 3, with passkeys) so the panel needs no change of its own, the desired
    /// state (sites, SFTP accounts, keys) and the hash-chained audit log. Timestamps are UTC ticks (INTEGER) so SQLite
    /// sorts and compares them. Written by hand, as HostAccess was; MigrationMatchesModelTests proves it equals the model.
    /// </summary>
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            CreateIdentityTables(migrationBuilder);
            CreateSiteTables(migrationBuilder);
            CreateAuditTable(migrationBuilder);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[]
            {
                "AuditEntries", "AuthorizedKeys", "SftpAccounts", "Sites", "AspNetRoleClaims", "AspNetUserClaims",
                "AspNetUserLogins", "AspNetUserPasskeys", "AspNetUserRoles", "AspNetUserTokens", "AspNetRoles", "AspNetUsers",
            })
            {
                migrationBuilder.DropTable(name: table);
            }
        }

        private static void CreateSiteTables(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Sites",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAppliedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CustomerAccountId = table.Column<string>(type: "TEXT", nullable: true),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Sites_AspNetUsers_CustomerAccountId",
                        column: x => x.CustomerAccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "SftpAccounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SiteId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ReadOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    KeyOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Disabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    HasPassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SftpAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SftpAccounts_Sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "Sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AuthorizedKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Algorithm = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Line = table.Column<string>(type: "TEXT", maxLength: 16384, nullable: false),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizedKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AuthorizedKeys_SftpAccounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "SftpAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(name: "IX_Sites_CreatedAt", table: "Sites", column: "CreatedAt");
            migrationBuilder.CreateIndex(name: "IX_Sites_CustomerAccountId", table: "Sites", column: "CustomerAccountId");
            migrationBuilder.CreateIndex(name: "IX_Sites_Domain", table: "Sites", column: "Domain", unique: true);
            migrationBuilder.CreateIndex(name: "IX_Sites_Status", table: "Sites", column: "Status");
            migrationBuilder.CreateIndex(name: "IX_SftpAccounts_SiteId", table: "SftpAccounts", column: "SiteId");
            migrationBuilder.CreateIndex(name: "IX_SftpAccounts_UserName", table: "SftpAccounts", column: "UserName", unique: true);
            migrationBuilder.CreateIndex(
                name: "IX_AuthorizedKeys_AccountId_Fingerprint",
                table: "AuthorizedKeys",
                columns: new[] { "AccountId", "Fingerprint" },
                unique: true);
        }

        private static void CreateAuditTable(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true),
                    Result = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", nullable: true),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Id);
                });

            migrationBuilder.CreateIndex(name: "IX_AuditEntries_Action", table: "AuditEntries", column: "Action");
            migrationBuilder.CreateIndex(name: "IX_AuditEntries_Actor", table: "AuditEntries", column: "Actor");
            migrationBuilder.CreateIndex(name: "IX_AuditEntries_At", table: "AuditEntries", column: "At");
            migrationBuilder.CreateIndex(name: "IX_AuditEntries_Target", table: "AuditEntries", column: "Target");
        }
    }
}
