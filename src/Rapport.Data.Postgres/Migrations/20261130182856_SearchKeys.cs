using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class SearchKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Search keys of customers and contacts (ADR-049), kept by triggers and filled from the rows already there.
            migrationBuilder.Sql(Rapport.Core.Data.SearchKeys.PostgresDdl);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rapport.Core.Data.SearchKeys.PostgresDrop);
        }
    }
}
