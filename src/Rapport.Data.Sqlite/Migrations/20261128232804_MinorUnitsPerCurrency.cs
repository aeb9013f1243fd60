using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class MinorUnitsPerCurrency : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Amounts in currencies without cents or with thousandths move to their own minor units (see MinorUnitsUpgrade).
            foreach (var sql in Rapport.Core.Data.MinorUnitsUpgrade.Statements(up: true)) migrationBuilder.Sql(sql);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var sql in Rapport.Core.Data.MinorUnitsUpgrade.Statements(up: false)) migrationBuilder.Sql(sql);
        }
    }
}
