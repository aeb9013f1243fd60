using Rapport.Core.Imports;

namespace Rapport.Server.Tests.Imports;

/// <summary>Saved mapping templates: saved from a run, picked by the headers of the next upload (whatever their order),
/// applied by hand, and checked by the same rules as a run's mapping.</summary>
public abstract class ImportTemplateTests(RapportApp app)
{
    private const string Templates = ImportApi.Url + "/templates";

    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task A_saved_mapping_maps_the_next_file_with_the_same_headers_in_any_order()
    {
        var admin = await app.AdminClientAsync();
        var (who, mail, where) = ($"Kunde {Unique()}", $"Mail {Unique()}", $"Ort {Unique()}");
        var first = await admin.UploadCsvAsync($"{who},{mail},{where}\nAcme {Unique()},a{Unique()}@example.com,Shanghai\n");
        Assert.Equal([null, null, null], first.Run.Mapping.Columns);
        await admin.MapAsync(first.Run.Id, new ImportMapping(["name", "email", "city"], ImportMatchMode.Update, ["email"], "China"));
        var saved = await admin.PostCreatedAsync<ImportTemplateDto>($"{ImportApi.Url}/{first.Run.Id}/template", new ImportTemplateFromRunInput("Old CRM " + Unique()));
        Assert.Equal([new(who, "name"), new(mail, "email"), new(where, "city")], saved.Columns);

        var next = await admin.UploadCsvAsync($"{where},{who},Extra,{mail}\nShenzhen,Beta {Unique()},x,b{Unique()}@example.com\n");
        Assert.Equal(saved.Id, next.Run.TemplateId);
        Assert.Equal(["city", "name", null, "email"], next.Run.Mapping.Columns);
        Assert.Equal(ImportMatchMode.Update, next.Run.Mapping.Mode);
        Assert.Equal(["email"], next.Run.Mapping.MatchBy);
        Assert.StartsWith("Beta ", next.Rows[0].Values["name"], StringComparison.Ordinal);

        // A file missing one of the template's headers is not picked; the template can still be applied by hand.
        var other = await admin.UploadCsvAsync($"{who},{mail}\nGamma {Unique()},g{Unique()}@example.com\n");
        Assert.Null(other.Run.TemplateId);
        var applied = await admin.PostAsync($"{ImportApi.Url}/{other.Run.Id}/apply-template/{saved.Id}", null, Ct);
        await applied.ShouldBeAsync(HttpStatusCode.OK);
        var preview = await applied.ReadAsync<ImportPreview>();
        Assert.Equal(["name", "email"], preview.Run.Mapping.Columns);
        Assert.Equal(saved.Id, preview.Run.TemplateId);
    }

    [Fact]
    public async Task Templates_are_listed_changed_with_their_version_and_checked_like_a_mapping()
    {
        var admin = await app.AdminClientAsync();
        var name = "Spreadsheet " + Unique();
        var created = await admin.PostCreatedAsync<ImportTemplateDto>(Templates, new ImportTemplateInput(name, [new("客户名称", "name"), new("手机", "phone")]));
        Assert.Contains((await (await admin.GetAsync($"{Templates}?entity=customers", Ct)).ReadAsync<List<ImportTemplateDto>>()), t => t.Id == created.Id);

        using var put = new HttpRequestMessage(HttpMethod.Put, $"{Templates}/{created.Id}")
        {
            Content = JsonContent.Create(new ImportTemplateInput(name, [new("客户名称", "name"), new("邮箱", "email")]), options: Json.Options),
        };
        put.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{created.Version}\""));
        var updated = await (await admin.SendAsync(put, Ct)).ReadAsync<ImportTemplateDto>();
        Assert.Equal(created.Version + 1, updated.Version);
        Assert.Equal("email", updated.Columns[1].Field);

        await (await admin.PostJsonAsync(Templates, new ImportTemplateInput(name, [new("A", "name")]))).ShouldRejectAsync("name", "Import.TemplateNameTaken");
        await (await admin.PostJsonAsync(Templates, new ImportTemplateInput(name + "2", [new("A", "name")]))).ShouldBeAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync(Templates, new ImportTemplateInput("X " + Unique(), [new("A", "email"), new("a ", "phone")])))
            .ShouldRejectAsync("columns", "Import.HeaderTwice", "Import.NameUnmapped");
        await (await admin.PostJsonAsync(Templates, new ImportTemplateInput("Y " + Unique(), [new("A", "name"), new("B", "shoeSize")])))
            .ShouldRejectAsync("columns[1]", "Import.FieldUnknown");
    }
}

public sealed class ImportTemplatesOnSqlite(SqliteApp app) : ImportTemplateTests(app), IClassFixture<SqliteApp>;

public sealed class ImportTemplatesOnPostgres(PostgresApp app) : ImportTemplateTests(app), IClassFixture<PostgresApp>;
