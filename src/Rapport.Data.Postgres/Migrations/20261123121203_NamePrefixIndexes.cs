using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class NamePrefixIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Type-ahead looks up names that start with the term first (CustomerSearch.FirstMatchesAsync): a B-tree on
            // lower("Name") serves lower("Name") LIKE 'term%' and stops at the limit, which the trigram GIN cannot.
            // Expression indexes are not part of the EF model, hence raw SQL (and no SQLite counterpart: FTS streams there).
            migrationBuilder.Sql("CREATE INDEX \"IX_Customers_LowerName\" ON \"Customers\" (lower(\"Name\") text_pattern_ops);");
            migrationBuilder.Sql("CREATE INDEX \"IX_Contacts_LowerName\" ON \"Contacts\" (lower(\"Name\") text_pattern_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Contacts_LowerName\";");
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Customers_LowerName\";");
        }
    }
}
