using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CustomerListSortIndexesCoverFilters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_CreatedAt_Id",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Name_Pinyin",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_CreatedAt_Id",
                table: "Customers",
                columns: new[] { "CreatedAt", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "DeletedAt", "SearchText", "TagList" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name_Pinyin",
                table: "Customers",
                columns: new[] { "Name", "Id" })
                .Annotation("Npgsql:IndexInclude", new[] { "DeletedAt", "SearchText", "TagList" })
                .Annotation("Relational:Collation", new[] { "zh-x-icu", null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_CreatedAt_Id",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_Name_Pinyin",
                table: "Customers");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_CreatedAt_Id",
                table: "Customers",
                columns: new[] { "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name_Pinyin",
                table: "Customers",
                columns: new[] { "Name", "Id" })
                .Annotation("Relational:Collation", new[] { "zh-x-icu", null });
        }
    }
}
