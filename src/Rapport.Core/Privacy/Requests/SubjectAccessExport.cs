using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Rapport.Core.Privacy.Requests;

/// <summary>
/// The access / portability ZIP: every row held about the subject (see <see cref="SubjectRecords"/>), the customer's
/// protected values decrypted, as <c>{table}.json</c> and <c>{table}.csv</c>, the fields the company classified as
/// internal or confidential left out (<see cref="DataClassification.InAccessExport"/>), audit references (entity, id,
/// action, when — never the changes, which may name other people), and a README in the subject's language.
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

    /// <summary>Writes the ZIP; returns the tables and their row counts.</summary>
    public async Task<IReadOnlyDictionary<string, int>> WriteAsync(SubjectRequest request, Stream output, CancellationToken ct)
    {
        var who = await SubjectRecords.FindAsync(db, request, ct);
        var classes = await settings.GetAsync<DataClassification>(ct);
        var (customers, contacts, leads, cases) = (who.Customers, who.Contacts, who.Leads, who.Cases);
        var counts = new Dictionary<string, int>();
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);

        async Task Add<T>(string table, string? entity, IQueryable<T> rows, Action<T, JsonObject>? extra = null) where T : class
        {
            var list = await rows.AsNoTracking().ToListAsync(ct);
            var nodes = new List<JsonObject>();
            foreach (var row in list)
            {
                var node = JsonSerializer.SerializeToNode(row, Json)!.AsObject();
                extra?.Invoke(row, node);
                foreach (var (name, value) in node.ToList())
                    if (value is JsonObject || Bookkeeping.Contains(name) || (entity is not null && !classes.InAccessExport(entity, name)))
                        node.Remove(name);
                nodes.Add(node);
            }
            counts[table] = nodes.Count;
            Write(zip, table + ".json", new JsonArray([.. nodes]).ToJsonString(Json));
            Write(zip, table + ".csv", Csv(nodes));
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

    /// <summary>One column per field seen in any row, in first-seen order; arrays and objects as their JSON.</summary>
    private static string Csv(List<JsonObject> rows)
    {
        var columns = rows.SelectMany(r => r.Select(p => p.Key)).Distinct().ToList();
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(Cell)).Append("\r\n");
        foreach (var row in rows)
            sb.AppendJoin(',', columns.Select(c => Cell(row[c] switch
            {
                null => "",
                JsonValue v when v.TryGetValue<string>(out var s) => s,
                var other => other.ToJsonString(Json).Replace("\n", "", StringComparison.Ordinal).Replace("  ", "", StringComparison.Ordinal),
            }))).Append("\r\n");
        return sb.ToString();
    }

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
