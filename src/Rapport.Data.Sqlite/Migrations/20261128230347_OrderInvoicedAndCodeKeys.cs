using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class OrderInvoicedAndCodeKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "InvoicedMinor",
                table: "Orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Orders invoiced before this version keep what their invoices already claim.
            migrationBuilder.Sql("""
                UPDATE "Orders" SET "InvoicedMinor" = COALESCE(
                    (SELECT SUM(i."AmountMinor") FROM "Invoices" i WHERE i."OrderId" = "Orders"."Id" AND i."Status" <> 'Void'), 0);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "InvoicedMinor",
                table: "Orders");
        }
    }
}
