using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class PersonalData : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "BankAccountBlindIndex",
                table: "Customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "BankAccountCipher",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DateOfBirthCipher",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalIdBlindIndex",
                table: "Customers",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "NationalIdCipher",
                table: "Customers",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PiiKeyId",
                table: "Customers",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_BankAccountBlindIndex",
                table: "Customers",
                column: "BankAccountBlindIndex");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_NationalIdBlindIndex",
                table: "Customers",
                column: "NationalIdBlindIndex");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_PiiKeyId_Id",
                table: "Customers",
                columns: new[] { "PiiKeyId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_BankAccountBlindIndex",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_NationalIdBlindIndex",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_PiiKeyId_Id",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "BankAccountBlindIndex",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "BankAccountCipher",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "DateOfBirthCipher",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NationalIdBlindIndex",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "NationalIdCipher",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "PiiKeyId",
                table: "Customers");
        }
    }
}
