using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class CaseAssignment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssignmentRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sort = table.Column<int>(type: "INTEGER", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Priority = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Tier = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Keywords = table.Column<string>(type: "TEXT", maxLength: 5202, nullable: false),
                    QueueId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    RoundRobinNext = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    CreatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedById = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssignmentRules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AssignmentRules_CaseCategories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "CaseCategories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AssignmentRules_Teams_QueueId",
                        column: x => x.QueueId,
                        principalTable: "Teams",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Active_Owner",
                table: "Cases",
                columns: new[] { "OwnerId", "QueueOrder", "Id" },
                filter: "\"Status\" IN ('New', 'Open', 'PendingCustomer')");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Active_Queue",
                table: "Cases",
                columns: new[] { "QueueId", "QueueOrder", "Id" },
                filter: "\"Status\" IN ('New', 'Open', 'PendingCustomer')");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_Active_QueueOrder_Id",
                table: "Cases",
                columns: new[] { "QueueOrder", "Id" },
                filter: "\"Status\" IN ('New', 'Open', 'PendingCustomer')");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_CategoryId",
                table: "AssignmentRules",
                column: "CategoryId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_QueueId",
                table: "AssignmentRules",
                column: "QueueId");

            migrationBuilder.CreateIndex(
                name: "IX_AssignmentRules_Sort_Id",
                table: "AssignmentRules",
                columns: new[] { "Sort", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssignmentRules");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Active_Owner",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Active_Queue",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_Active_QueueOrder_Id",
                table: "Cases");
        }
    }
}
