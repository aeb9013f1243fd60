using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseSla : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstResponseBreachedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ResolutionBreachedAt",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "SlaPolicyId",
                table: "Cases",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_SlaPolicyId",
                table: "Cases",
                column: "SlaPolicyId");

            migrationBuilder.AddForeignKey(
                name: "FK_Cases_SlaPolicies_SlaPolicyId",
                table: "Cases",
                column: "SlaPolicyId",
                principalTable: "SlaPolicies",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Cases_SlaPolicies_SlaPolicyId",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_SlaPolicyId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "FirstResponseBreachedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "PausedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ResolutionBreachedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "SlaPolicyId",
                table: "Cases");
        }
    }
}
