using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DealRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DealRollups",
                columns: table => new
                {
                    Grain = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    OwnerKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    StageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Open = table.Column<bool>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountMinor = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DealRollups", x => new { x.Grain, x.Day, x.OwnerKey, x.StageId, x.Currency, x.Open });
                });

            migrationBuilder.CreateIndex(
                name: "IX_DealRollups_Owner",
                table: "DealRollups",
                columns: new[] { "Grain", "OwnerKey", "StageId", "Currency", "Open", "Day", "Count", "AmountMinor" });

            migrationBuilder.CreateIndex(
                name: "IX_DealRollups_Period",
                table: "DealRollups",
                columns: new[] { "Grain", "Day", "Open", "StageId", "Currency", "OwnerKey", "Count", "AmountMinor" });

            // The triggers that keep the rollup, and its first fill from the deals already there (ADR-045).
            migrationBuilder.Sql(Rapport.Core.Reports.DealRollupSchema.SqliteDdl);
            migrationBuilder.Sql(Rapport.Core.Reports.DealRollupSchema.Rebuild(postgres: false));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rapport.Core.Reports.DealRollupSchema.SqliteDropDdl);

            migrationBuilder.DropTable(
                name: "DealRollups");
        }
    }
}
