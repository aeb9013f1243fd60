using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
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
