using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SweepAndHelpIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Cases_FirstResponseDueAt",
                table: "Cases",
                column: "FirstResponseDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_ResolutionDueAt",
                table: "Cases",
                column: "ResolutionDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Slug",
                table: "Articles",
                column: "Slug");

            migrationBuilder.CreateIndex(
                name: "IX_Articles_Status_Visibility_Language_Title_Id",
                table: "Articles",
                columns: new[] { "Status", "Visibility", "Language", "Title", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_FirstResponseDueAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_ResolutionDueAt",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Slug",
                table: "Articles");

            migrationBuilder.DropIndex(
                name: "IX_Articles_Status_Visibility_Language_Title_Id",
                table: "Articles");
        }
    }
}
