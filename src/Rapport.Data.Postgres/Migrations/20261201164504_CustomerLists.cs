using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class CustomerLists : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ChannelList",
                table: "Customers",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TagList",
                table: "Customers",
                type: "text",
                nullable: false,
                defaultValue: "");

            // The triggers that keep both lists, and the lists of the customers already stored.
            migrationBuilder.Sql(Rapport.Core.Customers.CustomerListsSchema.PostgresDdl);
            migrationBuilder.Sql(Rapport.Core.Customers.CustomerListsSchema.PostgresRebuild);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(Rapport.Core.Customers.CustomerListsSchema.PostgresDropDdl);

            migrationBuilder.DropColumn(
                name: "ChannelList",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "TagList",
                table: "Customers");
        }
    }
}
