using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Notifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "LeadId",
                table: "Teams",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseWarnAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseWarnedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionWarnAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionWarnedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MailMessageId",
                table: "CaseMessages",
                type: "character varying(998)",
                maxLength: 998,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Notifications",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TextKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ArgsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    Link = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReadAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Notifications", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Notifications_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotificationSettings",
                columns: table => new
                {
                    UserId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    InApp = table.Column<bool>(type: "boolean", nullable: false),
                    Email = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationSettings", x => new { x.UserId, x.Kind });
                    table.ForeignKey(
                        name: "FK_NotificationSettings_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Teams_LeadId",
                table: "Teams",
                column: "LeadId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_FirstResponseWarnWatch",
                table: "Cases",
                column: "FirstResponseWarnAt",
                filter: "\"FirstResponseAt\" IS NULL AND \"FirstResponseWarnedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResolutionWarnWatch",
                table: "Cases",
                column: "ResolutionWarnAt",
                filter: "\"ResolutionWarnedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_CreatedAt",
                table: "Notifications",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Notifications_UserId_ReadAt_CreatedAt_Id",
                table: "Notifications",
                columns: new[] { "UserId", "ReadAt", "CreatedAt", "Id" });

            migrationBuilder.AddForeignKey(
                name: "FK_Teams_AspNetUsers_LeadId",
                table: "Teams",
                column: "LeadId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Teams_AspNetUsers_LeadId",
                table: "Teams");

            migrationBuilder.DropTable(
                name: "Notifications");

            migrationBuilder.DropTable(
                name: "NotificationSettings");

            migrationBuilder.DropIndex(
                name: "IX_Teams_LeadId",
                table: "Teams");

            migrationBuilder.DropIndex(
                name: "IX_Cases_FirstResponseWarnWatch",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ResolutionWarnWatch",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "LeadId",
                table: "Teams");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarnAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseWarnedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionWarnAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionWarnedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "MailMessageId",
                table: "CaseMessages");
        }
    }
}
