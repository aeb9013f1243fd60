using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OwnerBoardIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_OwnerBoard",
                table: "Opportunities",
                columns: new[] { "OwnerId", "StageId", "ExpectedCloseDate", "Id", "Currency", "AmountMinor", "Probability", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Id_DeletedAt",
                table: "Customers",
                columns: new[] { "Id", "DeletedAt" });

            // The planner's statistics for the two at once (ADR-051): until the nightly job, SQLite would weigh them
            // with built-in guesses against indexes it has figures for.
            migrationBuilder.Sql("PRAGMA analysis_limit = 0; ANALYZE \"IX_Opportunities_OwnerBoard\"; ANALYZE \"IX_Customers_Id_DeletedAt\";");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Opportunities_OwnerBoard",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Id_DeletedAt",
                table: "Customers");
        }
    }
}
