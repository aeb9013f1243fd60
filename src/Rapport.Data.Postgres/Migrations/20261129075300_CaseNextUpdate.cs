using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CaseNextUpdate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "NextUpdateBreachedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "NextUpdateBreaches",
                table: "Cases",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextUpdateDueAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextUpdateWarnAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "NextUpdateWarnedAt",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Cases_NextUpdateWarnWatch",
                table: "Cases",
                column: "NextUpdateWarnAt",
                filter: "\"NextUpdateWarnedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_NextUpdateWatch",
                table: "Cases",
                column: "NextUpdateDueAt",
                filter: "\"NextUpdateBreachedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_NextUpdateWarnWatch",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_NextUpdateWatch",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NextUpdateBreachedAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NextUpdateBreaches",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NextUpdateDueAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NextUpdateWarnAt",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "NextUpdateWarnedAt",
                table: "Cases");
        }
    }
}
