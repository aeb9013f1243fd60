using Rapport.Core.Customers;
using Rapport.Core.Imports;
using Rapport.Core.Leads;
using Rapport.Core.Sales;
using Rapport.Core.ServiceDesk;
using Rapport.Core.Settings;
using Rapport.Server.Components.Common;
using Rapport.Server.Privacy;

namespace Rapport.Server.Reports;

/// <summary>
/// Background exports of the main lists for the caller, from the API or a page alike: each checks the export right
/// here, then reads its rows in a scope of its own signed in as the caller (<see cref="ExportRuns"/>), so their record
/// scope, masking and the sensitive-column rule of the direct export apply. The caller's own runs only — see ADR-035
/// and ADR-036.
/// </summary>
public sealed class ListExports(ExportRuns runs, ICurrentUser user, SettingsService settings, CircuitCaller circuit,
    IHttpContextAccessor http, IOptions<ExportOptions> options, Rapport.Core.Audit.AuditTrail audit, ProductService products, CustomerService customers)
{
    /// <summary>Lists longer than this export in the background; shorter ones download at once.</summary>
    public int Threshold => options.Value.JobThreshold;

    /// <summary>The filtered customers, in the import's columns (see <see cref="PrivacyEndpoints.CustomerColumns"/>).</summary>
    public async Task<ExportRunDto> CustomersAsync(CustomerQuery query, ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        // The same columns as the direct export: sensitive ones only for holders of privacy.export.
        var keep = await PrivacyEndpoints.ExportableAsync(settings, user, ct);
        // A CSV file is read in parts side by side (a part per core at a time); a workbook is written by one writer anyway.
        var parts = await customers.ExportPartsAsync(query, false, PrivacyEndpoints.KeepsSensitive(keep),
            format == ExportFileFormat.Csv ? ExportRuns.Parts : 1, ct);
        return await StartAsync("customers", format, PrivacyEndpoints.Kept(PrivacyEndpoints.CustomerColumns, keep), CustomerKinds,
            (sp, token) => EstimateAsync(sp.GetRequiredService<CustomerService>().FilteredAsync(query, token), token),
            [.. parts.Select(part => (Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>>)((sp, token) => CustomerRows(sp, part, keep, token)))]);
    }

    /// <summary>The columns of the other lists: the fields of their requests, as the data classification names them.</summary>
    internal static readonly string[] ContactColumns = ["customerNumber", "customer", "name", "title", "department", "phones", "emails", "isPrimary", "createdAt"];
    /// <summary>The lead import's fields (so the file imports back), and the score and creation time.</summary>
    internal static readonly string[] LeadColumns =
        ["name", "company", "title", "email", "phone", "source", "industry", "region", "country", "city", "status", "score", "owner", "notes", "createdAt"];
    /// <summary>The deal import's fields (so the file imports back: the customer by number too, the pipeline by name), and the creation time.</summary>
    internal static readonly string[] OpportunityColumns =
    [
        "name", "customerNumber", "customer", "pipeline", "stage", "owner", "amount", "currency", "expectedCloseDate", "probability",
        "nextStep", "competitors", "closeReason", "createdAt",
    ];
    /// <summary>The interaction import's fields, so a customer's timeline imports (the import only creates: for another
    /// customer, with the number changed, or into another Rapport).</summary>
    internal static readonly string[] InteractionColumns = ["customerNumber", "customer", "contact", "kind", "direction", "subject", "content", "occurredAt", "outcome"];
    /// <summary>The case import's fields (so the file imports back: the customer by number too), and the creation time.</summary>
    internal static readonly string[] CaseColumns =
    [
        "number", "subject", "description", "customerNumber", "customer", "contact", "type", "channel", "priority", "status", "category", "owner",
        "tags", "resolutionNote", "createdAt",
    ];
    /// <summary>The product import's own fields, so the file maps itself when imported back.</summary>
    internal static readonly string[] ProductColumns =
    [
        ProductImportFields.Sku, ProductImportFields.Name, ProductImportFields.Unit, ProductImportFields.Category, ProductImportFields.Active,
        ProductImportFields.UnitPrice, ProductImportFields.Currency, ProductImportFields.PriceList,
    ];

    /// <summary>Each list's columns that a workbook holds as numbers, days or dates and times (the others are text).</summary>
    internal static readonly IReadOnlyDictionary<string, XlsxKind> CustomerKinds = new Dictionary<string, XlsxKind>
    {
        ["createdAt"] = XlsxKind.Instant, ["dateOfBirth"] = XlsxKind.Date,
    };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> ContactKinds = new Dictionary<string, XlsxKind> { ["createdAt"] = XlsxKind.Instant };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> LeadKinds = new Dictionary<string, XlsxKind>
    {
        ["score"] = XlsxKind.Number, ["createdAt"] = XlsxKind.Instant,
    };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> InteractionKinds = new Dictionary<string, XlsxKind> { ["occurredAt"] = XlsxKind.Instant };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> CaseKinds = new Dictionary<string, XlsxKind> { ["createdAt"] = XlsxKind.Instant };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> ProductKinds = new Dictionary<string, XlsxKind> { [ProductImportFields.UnitPrice] = XlsxKind.Number };
    internal static readonly IReadOnlyDictionary<string, XlsxKind> OpportunityKinds = new Dictionary<string, XlsxKind>
    {
        ["amount"] = XlsxKind.Number, ["probability"] = XlsxKind.Number, ["expectedCloseDate"] = XlsxKind.Date, ["createdAt"] = XlsxKind.Instant,
    };

    /// <summary>The contacts of every customer in the caller's scope (customers.read), phones and emails masked as listed.</summary>
    public async Task<ExportRunDto> ContactsAsync(ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        user.Require(Permissions.CustomersRead);
        return await ClassifiedAsync(Rapport.Core.Audit.AuditActions.ContactsExported, "contact", "contacts", format, ContactColumns, ContactKinds,
            (sp, token) => EstimateAsync(Task.FromResult(sp.GetRequiredService<ContactService>().Exported()), token),
            (sp, token) => sp.GetRequiredService<ContactService>().ExportAsync(token), (x, _, zone) =>
            [
                x.CustomerNumber, x.CustomerName, x.Contact.Name, x.Contact.Title, x.Contact.Department, string.Join("; ", x.Contact.Phones),
                string.Join("; ", x.Contact.Emails), x.Contact.IsPrimary ? "true" : "false", Csv.Instant(x.Contact.CreatedAt, zone),
            ], ct);
    }

    /// <summary>The catalogue with its prices (products.read; no personal data, so every column and no audit entry), in the
    /// product import's columns: all lists' prices, or one list's (404 when there is no such list).</summary>
    public async Task<ExportRunDto> ProductsAsync(Guid? priceListId, ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        user.Require(Permissions.ProductsRead);
        if (priceListId is { } id) await products.GetPriceListAsync(id, ct);
        bool[] keep = [.. ProductColumns.Select(_ => true)];
        return await StartAsync("products", format, ProductColumns, ProductKinds,
            (sp, token) => EstimateAsync(Task.FromResult(ProductRows(sp.GetRequiredService<RapportDbContext>(), priceListId)), token),
            (sp, token) => RowsAsync(sp, keep, sp.GetRequiredService<ProductService>().ExportAsync(priceListId, token), (p, _, _) =>
            [
                p.Sku, p.Name, p.Unit, p.Category, p.Active ? "true" : "false", p.UnitPrice?.ToString(CultureInfo.InvariantCulture), p.Currency, p.PriceList,
            ], token));
    }

    /// <summary>The rows a product export writes, for its estimate: one per price (in the list, if one is given), one per
    /// product without any.</summary>
    private static IQueryable<Guid> ProductRows(RapportDbContext db, Guid? priceListId)
    {
        var prices = db.Set<PriceListItem>().Where(i => priceListId == null || i.PriceListId == priceListId);
        return prices.Select(i => i.ProductId).Concat(db.Products.Where(p => !prices.Any(i => i.ProductId == p.Id)).Select(p => p.Id));
    }

    /// <summary>The filtered leads (leads.read), email and phone masked as listed.</summary>
    public async Task<ExportRunDto> LeadsAsync(LeadQuery query, ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        user.Require(Permissions.LeadsRead);
        return await ClassifiedAsync(Rapport.Core.Audit.AuditActions.LeadsExported, "lead", "leads", format, LeadColumns, LeadKinds,
            (sp, token) => EstimateAsync(sp.GetRequiredService<LeadService>().FilteredAsync(query, token), token),
            (sp, token) => sp.GetRequiredService<LeadService>().ExportAsync(query, token), (x, owners, zone) =>
            [
                x.Lead.Name, x.Lead.Company, x.More.Title, x.Lead.Email, x.Lead.Phone, x.Lead.Source, x.More.Industry, x.More.Region, x.More.Country,
                x.More.City, x.Lead.Status.ToString(), x.Lead.Score.ToString(CultureInfo.InvariantCulture), Owner(owners, x.Lead.OwnerId), x.More.Notes,
                Csv.Instant(x.Lead.CreatedAt, zone),
            ], ct);
    }

    /// <summary>The filtered deals (opportunities.read), amounts in their currency as plain numbers.</summary>
    public async Task<ExportRunDto> OpportunitiesAsync(OpportunityQuery query, ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        user.Require(Permissions.OpportunitiesRead);
        return await ClassifiedAsync(Rapport.Core.Audit.AuditActions.OpportunitiesExported, "opportunity", "opportunities", format, OpportunityColumns, OpportunityKinds,
            (sp, token) => EstimateAsync(Task.FromResult(sp.GetRequiredService<OpportunityService>().Filtered(query)), token),
            (sp, token) => sp.GetRequiredService<OpportunityService>().ExportAsync(query, token), (x, owners, zone) =>
            [
                x.Deal.Name, x.More.CustomerNumber, x.Deal.CustomerName, x.More.Pipeline, x.More.Stage, Owner(owners, x.Deal.OwnerId),
                x.Deal.Amount.ToString(CultureInfo.InvariantCulture), x.Deal.Currency, x.Deal.ExpectedCloseDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                x.Deal.Probability.ToString(CultureInfo.InvariantCulture), x.More.NextStep, x.More.Competitors, x.More.CloseReason, Csv.Instant(x.Deal.CreatedAt, zone),
            ], ct);
    }

    /// <summary>A customer's timeline (customers.read), in the interaction import's columns.</summary>
    public async Task<ExportRunDto> InteractionsAsync(Guid customerId, InteractionKind? kind, ExportFileFormat format, CancellationToken ct)
    {
        // A customer out of the caller's scope is not found (404) before a missing right is refused (403).
        await customers.GetAsync(customerId, ct);
        user.Require(Permissions.CustomersExport);
        return await ClassifiedAsync(Rapport.Core.Audit.AuditActions.InteractionsExported, "interaction", "interactions", format, InteractionColumns, InteractionKinds,
            (sp, token) => EstimateAsync(Task.FromResult(sp.GetRequiredService<RapportDbContext>().Interactions.Where(i => i.CustomerId == customerId && (kind == null || i.Kind == kind))), token),
            (sp, token) => sp.GetRequiredService<InteractionService>().ExportAsync(customerId, kind, token), (i, _, zone) =>
            [
                i.CustomerNumber, i.Customer, i.Contact, i.Kind.ToString(), i.Direction.ToString(), i.Subject, i.Content, Csv.Instant(i.OccurredAt, zone), i.Outcome,
            ], ct);
    }

    /// <summary>The cases of a view of the case list with its filters (cases.read), in the case import's columns.</summary>
    public async Task<ExportRunDto> CasesAsync(CaseQuery query, ExportFileFormat format, CancellationToken ct)
    {
        user.Require(Permissions.CustomersExport);
        user.Require(Permissions.CasesRead);
        return await ClassifiedAsync(Rapport.Core.Audit.AuditActions.CasesExported, "case", "cases", format, CaseColumns, CaseKinds,
            (sp, token) => EstimateAsync(sp.GetRequiredService<CaseService>().FilteredAsync(query, token), token),
            (sp, token) => sp.GetRequiredService<CaseService>().ExportAsync(query, token), (x, owners, zone) =>
            [
                x.Case.Number, x.Case.Subject, x.More.Description, x.More.CustomerNumber, x.Case.CustomerName, x.More.Contact, x.Case.Type.ToString(),
                x.More.Channel.ToString(), x.Case.Priority.ToString(), x.Case.Status.ToString(), x.More.Category, Owner(owners, x.Case.OwnerId),
                string.Join("; ", x.More.Tags.Order(StringComparer.OrdinalIgnoreCase)), x.More.Note, Csv.Instant(x.Case.CreatedAt, zone),
            ], ct);
    }

    /// <summary>Starts a run of a list holding personal data: only the columns the data classification of
    /// <paramref name="entity"/> lets the caller export, each item as a row of them, audited as <paramref name="action"/>
    /// once started.</summary>
    private async Task<ExportRunDto> ClassifiedAsync<T>(string action, string entity, string name, ExportFileFormat format, string[] columns,
        IReadOnlyDictionary<string, XlsxKind> kinds, Func<IServiceProvider, CancellationToken, Task<(long, bool)>> estimate,
        Func<IServiceProvider, CancellationToken, IAsyncEnumerable<T>> items, Func<T, IReadOnlyDictionary<Guid, string>, TimeZoneInfo, string?[]> row, CancellationToken ct)
    {
        var keep = await PrivacyEndpoints.ExportableAsync(settings, user, entity, columns, ct);
        var kept = PrivacyEndpoints.Kept(columns, keep);
        return await AuditedAsync(action, entity, kept, StartAsync(name, format, kept, kinds, estimate, (sp, token) => RowsAsync(sp, keep, items(sp, token), row, token)), ct);
    }

    /// <summary>The run, once started, in the audit trail (a list taken out in bulk); a refused request writes nothing.</summary>
    private async Task<ExportRunDto> AuditedAsync(string action, string entity, string[] columns, Task<ExportRunDto> started, CancellationToken ct)
    {
        var run = await started;
        await audit.RecordAsync(action, entity, run.Id.ToString(), new { columns }, ct);
        return run;
    }

    /// <summary>The caller's runs, newest first.</summary>
    public IReadOnlyList<ExportRunDto> Mine()
    {
        user.Require(Permissions.CustomersExport);
        return runs.List(user.Id ?? Guid.Empty);
    }

    /// <summary>One of the caller's runs (404 for anyone else's).</summary>
    public ExportRunDto Get(Guid id)
    {
        user.Require(Permissions.CustomersExport);
        return runs.Find(user.Id ?? Guid.Empty, id) ?? throw new NotFoundException("Export", id);
    }

    private Task<ExportRunDto> StartAsync(string name, ExportFileFormat format, string[] header, IReadOnlyDictionary<string, XlsxKind> kinds,
        Func<IServiceProvider, CancellationToken, Task<(long, bool)>> estimate, Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>> rows) =>
        StartAsync(name, format, header, kinds, estimate, [rows]);

    /// <summary>As above, the rows in parts that follow each other in the file (see <see cref="ExportRuns"/>).</summary>
    private Task<ExportRunDto> StartAsync(string name, ExportFileFormat format, string[] header, IReadOnlyDictionary<string, XlsxKind> kinds,
        Func<IServiceProvider, CancellationToken, Task<(long, bool)>> estimate, IReadOnlyList<Func<IServiceProvider, CancellationToken, IAsyncEnumerable<string?[]>>> rows)
    {
        var (principal, access) = circuit.IsSet ? circuit.Caller
            : http.HttpContext is { } context ? (context.User, context.Features.Get<UserAccess>() ?? UserAccess.Nobody)
            : throw new InvalidOperationException("An export needs a signed-in caller.");
        return runs.StartAsync(principal, access, name, format, header, [.. header.Select(c => kinds.GetValueOrDefault(c, XlsxKind.Text))], estimate, rows);
    }

    /// <summary>The estimate of a run: the rows of the list's own filtered query (what the run will read, in the caller's
    /// scope), counted up to <see cref="ExportRuns.EstimateCap"/>.</summary>
    private static async Task<(long, bool)> EstimateAsync<T>(Task<IQueryable<T>> rows, CancellationToken ct) =>
        await Keyset.CappedCountAsync(await rows, ExportRuns.EstimateCap, ct);

    /// <summary>An owner by user name, as the importer finds them.</summary>
    private static string? Owner(IReadOnlyDictionary<Guid, string> owners, Guid? id) => id is { } o ? owners.GetValueOrDefault(o) : null;

    /// <summary>Items as CSV rows in the caller's time zone, only the columns they may export.</summary>
    private static async IAsyncEnumerable<string?[]> RowsAsync<T>(IServiceProvider sp, bool[] keep, IAsyncEnumerable<T> items,
        Func<T, IReadOnlyDictionary<Guid, string>, TimeZoneInfo, string?[]> row, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var zone = await sp.GetRequiredService<Rapport.Core.Preferences.UserTimeZones>().ForAsync(sp.GetRequiredService<ICurrentUser>().Id, ct);
        var owners = await PrivacyEndpoints.OwnerNamesAsync(sp.GetRequiredService<RapportDbContext>(), ct);
        await foreach (var item in items.WithCancellation(ct)) yield return PrivacyEndpoints.Kept(row(item, owners, zone), keep);
    }

    /// <summary>The customers, a keyset page at a time, as CSV rows in the caller's time zone.</summary>
    private static async IAsyncEnumerable<string?[]> CustomerRows(IServiceProvider sp, CustomerExportPart part, bool[] keep,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var zone = await sp.GetRequiredService<Rapport.Core.Preferences.UserTimeZones>().ForAsync(sp.GetRequiredService<ICurrentUser>().Id, ct);
        var owners = await PrivacyEndpoints.OwnerNamesAsync(sp.GetRequiredService<RapportDbContext>(), ct);
        await foreach (var c in sp.GetRequiredService<CustomerService>().ReadPartAsync(part, ct))
            yield return PrivacyEndpoints.CustomerRow(c, zone, owners, keep);
    }
}
