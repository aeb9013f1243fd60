using Rapport.Core.Imports;
using Rapport.Server.Reports;
using Rapport.Server.Tests.Imports;

namespace Rapport.Server.Tests.Reports;

/// <summary>A customer export imports back into Rapport (issue 16): its columns are the importer's own, so the file
/// maps itself; imported over the same customers (update by number) it changes nothing, and imported as new customers
/// they hold the same values.</summary>
public abstract class ExportRoundTripTests(RapportApp app)
{
    [Fact]
    public async Task An_exported_customer_file_maps_itself_changes_nothing_when_imported_back_and_recreates_the_same_values()
    {
        var admin = await app.AdminClientAsync();
        var tag = CustomerSamples.NewTag();
        var originals = new List<CustomerDto>
        {
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "上海明远贸易有限公司 " + tag, Phones = [CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile(), CustomerSamples.ChinaMobile()],
                Emails = [$"sales.{tag}@mingyuan.cn"], Tags = [tag, "重点客户"], Tier = ValueTier.High, Stage = LifecycleStage.Growing,
                Industry = "贸易", Source = "展会", Notes = "第一行\n第二行",
                Addresses = [new AddressDto("China", "上海市", "上海", "上海市浦东新区世纪大道100号", "200120")],
            }),
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "Wang Fang " + tag, Kind = CustomerKind.Individual, Phones = [CustomerSamples.ChinaMobile()],
                Emails = [$"wang.{tag}@example.com", $"fang.{tag}@example.org"], Ims = ["wangfang_" + tag[..6]], Tags = [tag, "vip", "=SUM(A1)"],
                Tier = ValueTier.Low, Stage = LifecycleStage.Mature,
                Addresses = [new AddressDto("Singapore", "Singapore", null, "1 Raffles Place", "048616")],
            }),
            await admin.PostCreatedAsync<CustomerDto>(CustomersUrl + "?confirmDuplicate=true", new CustomerInput
            {
                Name = "Bare Co " + tag, Emails = [$"hello.{tag}@bare.example"], Tags = [tag], Addresses = [new AddressDto("China", "深圳市", null, null)],
            }),
        };

        var file = await ExportAsync(admin, tag);
        // Lists keep the customer page's order (primary first, then as added), not merely the same members.
        var text = System.Text.Encoding.UTF8.GetString(file);
        Assert.Contains(string.Join("; ", originals[0].Phones), text, StringComparison.Ordinal);
        Assert.Contains($"wang.{tag}@example.com; fang.{tag}@example.org", text, StringComparison.Ordinal);
        var preview = await admin.UploadAsync(file);

        // The export's own headers map to the importer's fields by themselves; only the sensitive columns stay unmapped.
        Assert.Equal([.. CustomerImportFields.All, null, null, null], preview.Run.Mapping.Columns);
        await admin.MapAsync(preview.Run.Id, preview.Run.Mapping with { Mode = ImportMatchMode.Update, MatchBy = ["number"] });
        var dry = await (await admin.PostAsync($"{ImportApi.Url}/{preview.Run.Id}/dry-run", null, Ct)).ReadAsync<ImportDryRun>();
        Assert.Equal((3, 0, 0, 0, 3), (dry.Rows, dry.Create, dry.Update, dry.Fail, dry.Skip));
        Assert.Empty(dry.FirstErrors);

        // As new customers (the numbers left out, so each row creates one): the same values as the originals.
        var again = await admin.UploadAsync(file);
        var columns = again.Run.Mapping.Columns.Select(c => c == CustomerImportFields.Number ? null : c).ToList();
        await admin.MapAsync(again.Run.Id, again.Run.Mapping with { Columns = columns, Mode = ImportMatchMode.Skip, MatchBy = ["number"] });
        var run = await admin.RunToEndAsync(again.Run.Id);
        Assert.Equal((ImportStatus.Completed, 3, 0), (run.Status, run.Created, run.Failed));

        var all = await admin.CustomersTaggedAsync(tag);
        Assert.Equal(6, all.Count);
        foreach (var original in originals)
        {
            var copy = Assert.Single(all, c => c.Name == original.Name && c.Id != original.Id);
            Assert.Equivalent(Comparable(await admin.GetCustomerAsync(original.Id)), Comparable(copy));
            Assert.Equal(original.CreatedAt.Date, copy.CreatedAt.Date);
        }
    }

    private static CustomerDto Comparable(CustomerDto c) =>
        c with { Id = default, Number = "", CreatedAt = default, UpdatedAt = default, Version = 0, CreatedById = null, UpdatedById = null };

    /// <summary>The tagged customers through the background export, as the file its owner downloads.</summary>
    private async Task<byte[]> ExportAsync(HttpClient client, string tag)
    {
        var started = await client.PostAsync($"/api/v1/exports/customers?tag={tag}", null, Ct);
        await started.ShouldBeAsync(HttpStatusCode.Accepted);
        var run = await started.ReadAsync<ExportRunDto>();
        await app.Services.GetRequiredService<ExportRuns>().WhenDoneAsync(run.Id);
        var download = await client.GetAsync($"/api/v1/exports/{run.Id}/file", Ct);
        await download.ShouldBeAsync(HttpStatusCode.OK);
        return await download.Content.ReadAsByteArrayAsync(Ct);
    }
}

public sealed class ExportRoundTripOnSqlite(SqliteApp app) : ExportRoundTripTests(app), IClassFixture<SqliteApp>;

public sealed class ExportRoundTripOnPostgres(PostgresApp app) : ExportRoundTripTests(app), IClassFixture<PostgresApp>;
