using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseSweepWatchIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_FirstResponseDueAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ResolutionDueAt",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_FirstResponseWatch",
                table: "Cases",
                column: "FirstResponseDueAt",
                filter: "\"FirstResponseAt\" IS NULL AND \"FirstResponseBreachedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResolutionWatch",
                table: "Cases",
                column: "ResolutionDueAt",
                filter: "\"ResolutionBreachedAt\" IS NULL AND \"PausedAt\" IS NULL AND \"ResolvedAt\" IS NULL AND \"ClosedAt\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_FirstResponseWatch",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ResolutionWatch",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_FirstResponseDueAt",
                table: "Cases",
                column: "FirstResponseDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResolutionDueAt",
                table: "Cases",
                column: "ResolutionDueAt");
        }
    }
}
