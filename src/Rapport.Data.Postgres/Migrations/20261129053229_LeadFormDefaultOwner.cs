using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class LeadFormDefaultOwner : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "DefaultOwnerId",
                table: "LeadForms",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_LeadForms_DefaultOwnerId",
                table: "LeadForms",
                column: "DefaultOwnerId");

            migrationBuilder.AddForeignKey(
                name: "FK_LeadForms_AspNetUsers_DefaultOwnerId",
                table: "LeadForms",
                column: "DefaultOwnerId",
                principalTable: "AspNetUsers",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_LeadForms_AspNetUsers_DefaultOwnerId",
                table: "LeadForms");

            migrationBuilder.DropIndex(
                name: "IX_LeadForms_DefaultOwnerId",
                table: "LeadForms");

            migrationBuilder.DropColumn(
                name: "DefaultOwnerId",
                table: "LeadForms");
        }
    }
}
