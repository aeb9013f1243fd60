using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class Attribution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "Orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "Opportunities",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "CampaignId",
                table: "Leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmContent",
                table: "Leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmMedium",
                table: "Leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmSource",
                table: "Leads",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "FirstCampaignId",
                table: "Customers",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LinkBase",
                table: "Campaigns",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UtmCampaign",
                table: "Campaigns",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_CampaignMember",
                table: "OutboxMessages",
                column: "Correlation",
                unique: true,
                filter: "\"Purpose\" = 'campaign'");

            migrationBuilder.CreateIndex(
                name: "IX_Orders_CampaignId",
                table: "Orders",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_Opportunities_CampaignId",
                table: "Opportunities",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_Leads_CampaignId",
                table: "Leads",
                column: "CampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_FirstCampaignId",
                table: "Customers",
                column: "FirstCampaignId");

            migrationBuilder.CreateIndex(
                name: "IX_Campaigns_UtmCampaign",
                table: "Campaigns",
                column: "UtmCampaign",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboxMessages_CampaignMember",
                table: "OutboxMessages");

            migrationBuilder.DropIndex(
                name: "IX_Orders_CampaignId",
                table: "Orders");

            migrationBuilder.DropIndex(
                name: "IX_Opportunities_CampaignId",
                table: "Opportunities");

            migrationBuilder.DropIndex(
                name: "IX_Leads_CampaignId",
                table: "Leads");

            migrationBuilder.DropIndex(
                name: "IX_Customers_FirstCampaignId",
                table: "Customers");

            migrationBuilder.DropIndex(
                name: "IX_Campaigns_UtmCampaign",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "Orders");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "Opportunities");

            migrationBuilder.DropColumn(
                name: "CampaignId",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmContent",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmMedium",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "UtmSource",
                table: "Leads");

            migrationBuilder.DropColumn(
                name: "FirstCampaignId",
                table: "Customers");

            migrationBuilder.DropColumn(
                name: "LinkBase",
                table: "Campaigns");

            migrationBuilder.DropColumn(
                name: "UtmCampaign",
                table: "Campaigns");
        }
    }
}
