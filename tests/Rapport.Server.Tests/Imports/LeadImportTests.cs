using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Leads as an import target on both databases: Chinese headers, sources and statuses named in Chinese,
/// update by email, and undo back to the lead as it was.</summary>
public abstract class LeadImportTests(RapportApp app)
{
    private const string LeadsUrl = "/api/v1/leads";

    private static string Row(params string[] cells) => string.Join(',', cells) + "\r\n";

    private static async Task<List<LeadDto>> LeadsWithAsync(HttpClient client, string tag)
    {
        var page = await client.GetPageAsync<LeadListItem>($"{LeadsUrl}?limit=200");
        var result = new List<LeadDto>();
        foreach (var item in page.Items.Where(l => l.Email?.Contains(tag, StringComparison.Ordinal) == true))
            result.Add(await (await client.GetAsync($"{LeadsUrl}/{item.Id}", Ct)).ReadAsync<LeadDto>());
        return [.. result.OrderBy(l => l.Email, StringComparer.Ordinal)];
    }

    [Fact]
    public async Task A_file_with_Chinese_headers_imports_leads_with_sources_and_statuses_named_in_Chinese()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var csv = "姓名,公司,邮箱,手机,来源,状态,负责人,备注\r\n"
            + Row("王芳", "星辰科技有限公司", $"a.{tag}@example.cn", CustomerSamples.ChinaMobile(), "转介绍", "已联系", "admin", "展会上认识")
            + Row("赵强", "海岸贸易", $"b.{tag}@example.cn", "", "展会", "新建", "", "")
            + Row("孙丽", "", $"c.{tag}@example.cn", "", "抖音", "", "", "")
            + Row("钱进", "", $"d.{tag}@example.cn", "", "官网", "已转化", "", "");
        var preview = await admin.UploadAsync(ImportFile.Gb18030.GetBytes(csv), "leads.csv", ImportService.Leads);

        Assert.Equal(["name", "company", "email", "phone", "source", "status", "owner", "notes"], preview.Run.Mapping.Columns);
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((3, 1), (run.Created, run.Failed));
        var leads = await LeadsWithAsync(admin, tag);
        Assert.Equal([("Referral", LeadStatus.Contacted), ("Event", LeadStatus.New), ("抖音", LeadStatus.New)], leads.Select(l => (l.Source, l.Status)));
        Assert.Contains(leads[0].ScoreParts, p => p.Rule == "source" && p.Points > 0);
        Assert.Equal(("星辰科技有限公司", "展会上认识"), (leads[0].Company, leads[0].Notes));
        Assert.Equal(await admin.MeAsync(), leads[1].OwnerId);
    }

    [Fact]
    public async Task Update_by_email_changes_the_matching_lead_and_undo_puts_it_back()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var before = await admin.PostCreatedAsync<LeadDto>($"{LeadsUrl}?confirmDuplicate=true",
            new LeadInput { Name = "Wang Fang", Email = $"wang.{tag}@example.com", Source = "Website" });
        var csv = "Name,Email,Source,Status,Title\n" + Row("", $"WANG.{tag}@example.com", "合作伙伴", "已确认", "CEO") + Row("New Lead", $"new.{tag}@example.com", "", "", "");
        var preview = await admin.UploadAsync(Encoding.UTF8.GetBytes(csv), "leads.csv", ImportService.Leads);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update });
        var run = await admin.RunToEndAsync(preview.Run.Id);

        Assert.Equal((1, 1, 0), (run.Created, run.Updated, run.Failed));
        var updated = (await LeadsWithAsync(admin, tag)).Single(l => l.Id == before.Id);
        Assert.Equal(("Wang Fang", "Partner", LeadStatus.Qualified, "CEO"), (updated.Name, updated.Source, updated.Status, updated.Title));

        var undo = await (await admin.PostAsync($"{ImportApi.Url}/{run.Id}/undo", null, Ct)).ReadAsync<ImportUndoResult>();

        Assert.Equal((1, 1), (undo.Removed, undo.Restored));
        var restored = Assert.Single(await LeadsWithAsync(admin, tag));
        Assert.Equal((before.Name, before.Source, before.Status, before.Title, before.Score), (restored.Name, restored.Source, restored.Status, restored.Title, restored.Score));
    }
}

public sealed class LeadImportsOnSqlite(SqliteApp app) : LeadImportTests(app), IClassFixture<SqliteApp>;

public sealed class LeadImportsOnPostgres(PostgresApp app) : LeadImportTests(app), IClassFixture<PostgresApp>;
