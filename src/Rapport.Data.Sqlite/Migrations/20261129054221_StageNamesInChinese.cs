using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Rapport.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class StageNamesInChinese : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NameZh",
                table: "PipelineStages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            // The stages a new installation started with get their Chinese names (renamed ones are left alone).
            foreach (var (en, zh) in new[] { ("Qualification", "资格确认"), ("Needs analysis", "需求分析"), ("Proposal", "方案报价"),
                ("Negotiation", "商务谈判"), ("Won", "赢单"), ("Lost", "输单") })
                migrationBuilder.Sql($"UPDATE \"PipelineStages\" SET \"NameZh\" = '{zh}' WHERE \"Name\" = '{en}' AND \"NameZh\" IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "NameZh",
                table: "PipelineStages");
        }
    }
}
