using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class PinyinNameOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Names sort in pinyin order (NameCollation); EF's model cannot put a collation on a SQLite index.
            migrationBuilder.Sql(Rapport.Core.Data.NameCollation.SqliteIndex("Customers"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS \"IX_Customers_Name_Pinyin\";");
        }
    }
}
