using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ListSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Products",
                type: "TEXT",
                maxLength: 265,
                nullable: false,
                computedColumnSql: "lower(\"Sku\" || ' ' || \"Name\")",
                stored: false);

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Opportunities",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                computedColumnSql: "lower(\"Name\")",
                stored: false);

            // FTS5 trigram tables and their triggers for the lists' text filters, filled from the rows already there.
            migrationBuilder.Sql(Rapport.Core.Data.SearchIndex.DdlFor(ListTables));
            migrationBuilder.Sql(Rapport.Core.Data.SearchIndex.RebuildFor(ListTables));
        }

        private static readonly string[] ListTables = ["Leads", "Opportunities", "Products"];

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rapport.Core.Data.SearchIndex.DropDdlFor(ListTables));

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Products");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Opportunities");
        }
    }
}
