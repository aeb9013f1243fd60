using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DataQuality : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MatchBlock",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MatchName",
                table: "Customers",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CustomerMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SurvivorId = table.Column<Guid>(type: "TEXT", nullable: false),
                    LoserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Taken = table.Column<string>(type: "TEXT", maxLength: 400, nullable: false),
                    SurvivorBefore = table.Column<string>(type: "TEXT", nullable: false),
                    Moved = table.Column<string>(type: "TEXT", nullable: false),
                    UndoneAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    UndoneById = table.Column<Guid>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CustomerMerges_Customers_LoserId",
                        column: x => x.LoserId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_CustomerMerges_Customers_SurvivorId",
                        column: x => x.SurvivorId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DuplicatePairs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerAId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustomerBId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Score = table.Column<int>(type: "INTEGER", nullable: false),
                    Reasons = table.Column<int>(type: "INTEGER", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    FoundAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DecidedById = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DuplicatePairs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Customers_CustomerAId",
                        column: x => x.CustomerAId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DuplicatePairs_Customers_CustomerBId",
                        column: x => x.CustomerBId,
                        principalTable: "Customers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MatchBlock",
                table: "Customers",
                column: "MatchBlock");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_MatchName",
                table: "Customers",
                column: "MatchName");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_LoserId",
                table: "CustomerMerges",
                column: "LoserId");

            migrationBuilder.CreateIndex(
                name: "IX_CustomerMerges_SurvivorId_CreatedAt_Id",
                table: "CustomerMerges",
                columns: new[] { "SurvivorId", "CreatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_CustomerAId_CustomerBId",
                table: "DuplicatePairs",
                columns: new[] { "CustomerAId", "CustomerBId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_CustomerBId",
                table: "DuplicatePairs",
                column: "CustomerBId");

            migrationBuilder.CreateIndex(
                name: "IX_DuplicatePairs_Status_Score_Id",
                table: "DuplicatePairs",
                columns: new[] { "Status", "Score", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CustomerMerges");

            migrationBuilder.DropTable(
                name: "DuplicatePairs");

            migrationBuilder.DropIndex(
                name: "IX_Customers_MatchBlock",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Customers_MatchName",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "MatchBlock",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "MatchName",
                table: "Customers");
        }
    }
}
