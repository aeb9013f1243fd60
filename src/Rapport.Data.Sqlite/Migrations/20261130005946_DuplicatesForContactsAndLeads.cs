using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DuplicatesForContactsAndLeads : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_CustomerMerges_Customers_LoserId",
                table: "CustomerMerges");

            migrationBuilder.DropForeignKey(
                name: "FK_CustomerMerges_Customers_SurvivorId",
                table: "CustomerMerges");

            migrationBuilder.DropForeignKey(
                name: "FK_DuplicatePairs_Customers_CustomerAId",
                table: "DuplicatePairs");

            migrationBuilder.DropForeignKey(
                name: "FK_DuplicatePairs_Customers_CustomerBId",
                table: "DuplicatePairs");

            migrationBuilder.DropIndex(
                name: "IX_DuplicatePairs_CustomerAId_CustomerBId",
                table: "DuplicatePairs");

            migrationBuilder.RenameColumn(
                name: "CustomerBId",
                table: "DuplicatePairs",
                newName: "BId");

            migrationBuilder.RenameColumn(
                name: "CustomerAId",
                table: "DuplicatePairs",
                newName: "AId");

            migrationBuilder.RenameIndex(
                name: "IX_DuplicatePairs_CustomerBId",
                table: "DuplicatePairs",
                newName: "IX_DuplicatePairs_BId");

            migrationBuilder.AddColumn<string>(
                name: "MatchName",
                table: "Leads",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "DuplicatePairs",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Customer");

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "CustomerMerges",
                type: "TEXT",
                maxLength: 20,
                nullable: false,
                defaultValue: "Customer");

            migrationBuilder.AddColumn<string>(
                name: "LoserBefore",
                table: "CustomerMerges",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchEmail",
                table: "Contacts",
                type: "TEXT",
                maxLength: 320,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchName",
                table: "Contacts",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchPhone",
                table: "Contacts",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Leads_MatchName",
                table: "Leads",
                column: "MatchName");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_Kind_AId_BId",
                table: "DuplicatePairs",
                columns: new[] { "Kind", "AId", "BId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_Kind_Status_Score_Id",
                table: "DuplicatePairs",
                columns: new[] { "Kind", "Status", "Score", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_CustomerId_MatchName",
                table: "Contacts",
                columns: new[] { "CustomerId", "MatchName" });

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_MatchEmail",
                table: "Contacts",
                column: "MatchEmail");

            migrationBuilder.CreateIndex(
                name: "IX_Contacts_MatchPhone",
                table: "Contacts",
                column: "MatchPhone");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Leads_MatchName",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_DuplicatePairs_Kind_AId_BId",
                table: "DuplicatePairs");

            migrationBuilder.DropIndex(
                name: "IX_DuplicatePairs_Kind_Status_Score_Id",
                table: "DuplicatePairs");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_CustomerId_MatchName",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_MatchEmail",
                table: "Contacts");

            migrationBuilder.DropIndex(
                name: "IX_Contacts_MatchPhone",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "MatchName",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "DuplicatePairs");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "CustomerMerges");

            migrationBuilder.DropColumn(
                name: "LoserBefore",
                table: "CustomerMerges");

            migrationBuilder.DropColumn(
                name: "MatchEmail",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "MatchName",
                table: "Contacts");

            migrationBuilder.DropColumn(
                name: "MatchPhone",
                table: "Contacts");

            migrationBuilder.RenameColumn(
                name: "BId",
                table: "DuplicatePairs",
                newName: "CustomerBId");

            migrationBuilder.RenameColumn(
                name: "AId",
                table: "DuplicatePairs",
                newName: "CustomerAId");

            migrationBuilder.RenameIndex(
                name: "IX_DuplicatePairs_BId",
                table: "DuplicatePairs",
                newName: "IX_DuplicatePairs_CustomerBId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_CustomerAId_CustomerBId",
                table: "DuplicatePairs",
                columns: new[] { "CustomerAId", "CustomerBId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_CustomerMerges_Customers_LoserId",
                table: "CustomerMerges",
                column: "LoserId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_CustomerMerges_Customers_SurvivorId",
                table: "CustomerMerges",
                column: "SurvivorId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_DuplicatePairs_Customers_CustomerAId",
                table: "DuplicatePairs",
                column: "CustomerAId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "FK_DuplicatePairs_Customers_CustomerBId",
                table: "DuplicatePairs",
                column: "CustomerBId",
                principalTable: "Customers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }
    }
}
