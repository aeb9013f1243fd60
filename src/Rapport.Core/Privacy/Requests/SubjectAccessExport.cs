using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Rapport.Core.Privacy.Requests;

/// <summary>
/// The access / portability ZIP: every row held about the subject (see <see cref="SubjectRecords"/>), the customer's
/// protected values decrypted, as <c>{table}.json</c> and <c>{table}.csv</c>, the fields the company classified as
/// internal or confidential left out (<see cref="DataClassification.InAccessExport"/>), audit references (entity, id,
/// action, when — never the changes, which may name other people), and a README in the subject's language. Made in the
/// background for the agent (<see cref="SubjectRequestService.MakeExportAsync"/>, ADR-043), streamed to its file.
/// </summary>
public sealed class SubjectAccessExport(RapportDbContext db, PiiProtector pii, SettingsService settings, Notifications.INotificationText text)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReferenceHandler = ReferenceHandler.IgnoreCycles, WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Columns that are the database's own working, not data about the person.</summary>
    private static readonly string[] Bookkeeping = ["searchText", "version", "piiKeyId", "matchName", "matchBlock", "companyKey",
        "nationalIdCipher", "nationalIdBlindIndex", "bankAccountCipher", "bankAccountBlindIndex", "dateOfBirthCipher"];

    /// <summary>The tables the ZIP holds (each as JSON and CSV): what <see cref="SubjectExportProgress.Tables"/> counts towards.</summary>
    public const int TableCount = 21;

    /// <summary>Writes the ZIP to <paramref name="output"/> as it reads the rows: a table at a time, each row streamed
    /// from the database into its JSON entry, then read again into its CSV entry (whose header needs every column first),
    /// so memory holds a row, never a table. <paramref name="progress"/> hears of every row and table. Returns the tables
    /// and their row counts.</summary>
    public async Task<IReadOnlyDictionary<string, int>> WriteAsync(SubjectRequest request, Stream output, SubjectExportProgress? progress, CancellationToken ct)
    {
        var who = await SubjectRecords.FindAsync(db, request, ct);
        var classes = await settings.GetAsync<DataClassification>(ct);
        var (customers, contacts, leads, cases) = (who.Customers, who.Contacts, who.Leads, who.Cases);
        var counts = new Dictionary<string, int>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        async Task Add<T>(string table, string? entity, IQueryable<T> rows, Action<T, JsonObject>? extra = null) where T : class
        {
            JsonObject NodeOf(T row)
            {
                var node = JsonSerializer.SerializeToNode(row, Json)!.AsObject();
                extra?.Invoke(row, node);
                foreach (var (name, value) in node.ToList())
                    if (value is JsonObject || Bookkeeping.Contains(name) || (entity is not null && !classes.InAccessExport(entity, name)))
                        node.Remove(name);
                return node;
            }

            var columns = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var n = 0;
            await using (var json = zip.CreateEntry(table + ".json", CompressionLevel.Optimal).Open())
            {
                await json.WriteAsync(Encoding.UTF8.GetPreamble(), ct);
                await using var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Indented = true, Encoder = Json.Encoder });
                writer.WriteStartArray();
                await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
                {
                    var node = NodeOf(row);
                    foreach (var (name, _) in node)
                        if (seen.Add(name)) columns.Add(name);
                    node.WriteTo(writer, Json);
                    if (writer.BytesPending > (1 << 16)) await writer.FlushAsync(ct);
                    n++;
                    progress?.Row();
                }
                writer.WriteEndArray();
                await writer.FlushAsync(ct);
            }
            await using (var entry = zip.CreateEntry(table + ".csv", CompressionLevel.Optimal).Open())
            await using (var csv = new StreamWriter(entry, new UTF8Encoding(true)))
            {
                await csv.WriteAsync(string.Join(',', columns.Select(Cell)) + "\r\n");
                if (n > 0)
                    await foreach (var row in rows.AsNoTracking().AsAsyncEnumerable().WithCancellation(ct))
                    {
                        var node = NodeOf(row);
                        await csv.WriteAsync(string.Join(',', columns.Select(c => Cell(Text(node[c])))) + "\r\n");
                    }
            }
            counts[table] = n;
            progress?.Table();
        }

        var q = db.Customers.IgnoreQueryFilters();
        await Add("customers", "customer", q.Include(c => c.Channels).Include(c => c.Tags).Where(c => customers.Contains(c.Id)), (c, n) =>
        {
            n["nationalId"] = pii.Unprotect(c.NationalIdCipher);
            n["bankAccount"] = pii.Unprotect(c.BankAccountCipher);
            n["dateOfBirth"] = pii.Unprotect(c.DateOfBirthCipher);
            n["phones"] = new JsonArray([.. c.Channels.Where(x => x.Kind == Customers.ChannelKind.Phone).Select(x => (JsonNode)x.Value)]);
            n["emails"] = new JsonArray([.. c.Channels.Where(x => x.Kind == Customers.ChannelKind.Email).Select(x => (JsonNode)x.Value)]);
            n["ims"] = new JsonArray([.. c.Channels.Where(x => x.Kind == Customers.ChannelKind.Im).Select(x => (JsonNode)x.Value)]);
            n["tags"] = new JsonArray([.. c.Tags.Select(x => (JsonNode)x.Name)]);
            n.Remove("channels");
        });
        await Add("contacts", "contact", db.Contacts.IgnoreQueryFilters().Where(c => contacts.Contains(c.Id)));
        await Add("leads", "lead", db.Leads.IgnoreQueryFilters().Where(l => leads.Contains(l.Id)));
        await Add("lead_activities", null, db.LeadActivities.IgnoreQueryFilters().Where(a => leads.Contains(a.LeadId)));
        await Add("interactions", null, db.Interactions.IgnoreQueryFilters().Where(i => customers.Contains(i.CustomerId)
            || (i.ContactId != null && contacts.Contains(i.ContactId.Value))));
        await Add("cases", null, db.Cases.IgnoreQueryFilters().Where(c => cases.Contains(c.Id)));
        await Add("case_messages", null, db.CaseMessages.IgnoreQueryFilters().Where(m => cases.Contains(m.CaseId)));
        await Add("case_attachments", null, db.CaseAttachments.IgnoreQueryFilters().Where(a => cases.Contains(a.CaseId)));
        await Add("opportunities", null, db.Opportunities.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)));
        await Add("quotes", null, db.Quotes.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)));
        await Add("orders", null, db.Orders.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)));
        await Add("invoices", null, db.Invoices.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)));
        await Add("payments", null, db.Payments.IgnoreQueryFilters().Where(p => customers.Contains(p.Invoice!.CustomerId)));
        await Add("contracts", null, db.Contracts.IgnoreQueryFilters().Where(o => customers.Contains(o.CustomerId)));
        await Add("contract_attachments", null, db.ContractAttachments.IgnoreQueryFilters().Where(a => customers.Contains(a.Contract!.CustomerId)));
        await Add("consents", null, db.ConsentEntries.IgnoreQueryFilters().Where(e => (e.CustomerId != null && customers.Contains(e.CustomerId.Value))
            || (request.Email != null && e.Address == request.Email) || (request.Phone != null && e.Address == request.Phone)));
        await Add("campaign_memberships", null, db.CampaignMembers.IgnoreQueryFilters().Where(m => customers.Contains(m.CustomerId)));
        await Add("segment_memberships", null, db.SegmentMembers.IgnoreQueryFilters().Where(m => customers.Contains(m.CustomerId)));
        await Add("classification", null, db.CustomerClassifications.IgnoreQueryFilters().Where(k => customers.Contains(k.CustomerId)));
        await Add("classification_history", null, db.ClassificationChanges.IgnoreQueryFilters().Where(k => customers.Contains(k.CustomerId)));
        var ids = who.AllIds();
        await Add("audit_references", null, db.AuditEntries.Where(a => a.EntityId != null && ids.Contains(a.EntityId))
            .OrderBy(a => a.At).Select(a => new AuditReference(a.EntityType, a.EntityId, a.Action, a.At)));
        Write(zip, "README.txt", Readme(request, counts));
        return counts;
    }

    /// <summary>What the audit trail holds about the subject's records: that something happened, not what.</summary>
    private sealed record AuditReference(string? Entity, string? Id, string Action, DateTime At);

    private static void Write(ZipArchive zip, string name, string text)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text)).ToArray();
        stream.Write(bytes);
    }

    /// <summary>A CSV cell's text: strings as they are, arrays and objects as their JSON on one line. (The CSV has one
    /// column per field seen in any row of its table, in first-seen order.)</summary>
    private static string Text(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        var other => other.ToJsonString(Json).Replace("\n", "", StringComparison.Ordinal).Replace("  ", "", StringComparison.Ordinal),
    };

    private static string Cell(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private string Readme(SubjectRequest request, Dictionary<string, int> counts)
    {
        var culture = CultureInfo.GetCultureInfo(request.Language.StartsWith("zh", StringComparison.Ordinal) ? "zh-CN" : "en");
        var sb = new StringBuilder();
        sb.AppendLine(text.Render("Privacy.Readme.Title", [request.Number], culture));
        sb.AppendLine();
        sb.AppendLine(text.Render("Privacy.Readme.Body", [], culture));
        sb.AppendLine();
        foreach (var (table, n) in counts) sb.AppendLine(CultureInfo.InvariantCulture, $"{table}: {n}");
        return sb.ToString();
    }
}
