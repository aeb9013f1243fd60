using Rapport.Core.Customers;
using Rapport.Core.Imports;
using Rapport.Core.Privacy;
using Rapport.Core.Privacy.Requests;
using Rapport.Core.Settings;

namespace Rapport.Server.Privacy;

/// <summary>Revealing and exporting personal data, the masking setting, and key rotation.</summary>
internal static class PrivacyEndpoints
{
    public static RouteGroupBuilder MapPrivacyApi(this RouteGroupBuilder api)
    {
        var customers = api.MapGroup("/customers").WithTags("Customers");
        customers.MapPost("/{id:guid}/reveal", (Guid id, CustomerService s, CancellationToken ct) => s.RevealAsync(id, ct))
            .WithName("RevealCustomerPii").WithSummary("A customer's sensitive values in the clear (pii.reveal; audited).");
        customers.MapPost("/lookup", (CustomerLookup lookup, CustomerService s, CancellationToken ct) => s.LookupAsync(lookup, ct))
            .WithName("LookupCustomersByPii")
            .WithSummary("Customers whose national ID or bank account is exactly the one in the body (pii.reveal; audited without the value).");
        customers.MapGet("/export", Export).WithName("ExportCustomers")
            .WithSummary("The filtered customer list as CSV (customers.export); reveal=true also needs pii.reveal and is audited.");

        var keys = api.MapGroup("/admin/pii").WithTags("Settings");
        keys.MapGet("/rotation", (PiiRotation r, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(Permissions.SettingsManage);
                return r.StatusAsync(ct);
            })
            .WithName("PiiRotationStatus").WithSummary("The primary key and how many customers still wait for re-encryption.");
        keys.MapPost("/rotate", async (PiiRotation r, ICurrentUser user, CancellationToken ct) =>
            {
                user.Require(Permissions.SettingsManage);
                await r.RotateAsync(ct);
                PiiRotationJob.Wake();
                return await r.StatusAsync(ct);
            })
            .WithName("RotatePiiKey").WithSummary("Start using a new encryption key; existing data is re-encrypted in the background.");
        return api;
    }

    /// <summary>The columns of a customer export (also written by the background export, <c>Reports/ListExports</c>): the
    /// importer's own field names, so an exported file maps itself on import and round-trips (ADR-036), then the
    /// sensitive values the importer does not take.</summary>
    internal static readonly string[] CustomerColumns = [.. CustomerImportFields.All, NationalIdColumn, BankAccountColumn, DateOfBirthColumn];
    private const string NationalIdColumn = "nationalId", BankAccountColumn = "bankAccount", DateOfBirthColumn = "dateOfBirth";

    /// <summary>The kept <see cref="CustomerColumns"/> of a customer, each value as the importer reads it back: lists
    /// joined by "; ", enums by name, the first address, the owner by user name, the creation time in the reader's zone.</summary>
    internal static string?[] CustomerRow(CustomerExportRow c, TimeZoneInfo zone, IReadOnlyDictionary<Guid, string> owners, bool[] keep)
    {
        var a = c.Address;
        var row = new string?[keep.Count(k => k)];
        for (int i = 0, n = 0; i < CustomerColumns.Length; i++)
        {
            if (!keep[i]) continue;
            row[n++] = CustomerColumns[i] switch
            {
                CustomerImportFields.Number => c.Number,
                CustomerImportFields.Name => c.Name,
                CustomerImportFields.Kind => c.Kind.ToString(),
                CustomerImportFields.Phone => string.Join("; ", c.Phones),
                CustomerImportFields.Email => string.Join("; ", c.Emails),
                CustomerImportFields.Im => string.Join("; ", c.Ims),
                CustomerImportFields.Country => a?.Country,
                CustomerImportFields.Region => a?.Region,
                CustomerImportFields.City => a?.City,
                CustomerImportFields.Street => a?.Street,
                CustomerImportFields.Postcode => a?.Postcode,
                CustomerImportFields.Industry => c.Industry,
                CustomerImportFields.Source => c.Source,
                CustomerImportFields.Owner => c.OwnerId is { } o ? owners.GetValueOrDefault(o) : null,
                CustomerImportFields.Tier => c.Tier.ToString(),
                CustomerImportFields.Stage => c.Stage.ToString(),
                CustomerImportFields.Tags => string.Join("; ", c.Tags),
                CustomerImportFields.Notes => c.Notes,
                CustomerImportFields.CreatedAt => Csv.Instant(c.CreatedAt, zone),
                NationalIdColumn => c.NationalId,
                BankAccountColumn => c.BankAccount,
                DateOfBirthColumn => c.DateOfBirth,
                _ => null,
            };
        }
        return row;
    }

    /// <summary>Whether an export keeps any of the sensitive columns (else it need not decrypt them).</summary>
    internal static bool KeepsSensitive(bool[] keep) =>
        CustomerColumns.Where((_, i) => keep[i]).Any(c => c is NationalIdColumn or BankAccountColumn or DateOfBirthColumn);

    /// <summary>Owners' user names (what the importer finds an owner by), read once per export.</summary>
    internal static async Task<IReadOnlyDictionary<Guid, string>> OwnerNamesAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Users.AsNoTracking().Where(u => u.UserName != null).ToDictionaryAsync(u => u.Id, u => u.UserName!, ct);

    /// <summary>The field of the data classification a column shows (addresses in several columns, lists by their plural).</summary>
    private static string ClassifiedField(string column) => column switch
    {
        CustomerImportFields.Phone => "phones",
        CustomerImportFields.Email => "emails",
        CustomerImportFields.Im => "ims",
        CustomerImportFields.Country or CustomerImportFields.Region or CustomerImportFields.City or CustomerImportFields.Street
            or CustomerImportFields.Postcode => "addresses",
        _ => column,
    };

    /// <summary>Which of <see cref="CustomerColumns"/> the caller may export: columns whose field is classified sensitive
    /// personal information only for holders of <c>privacy.export</c> (the data-classification setting).</summary>
    internal static Task<bool[]> ExportableAsync(SettingsService settings, ICurrentUser user, CancellationToken ct) =>
        ExportableAsync(settings, user, "customer", [.. CustomerColumns.Select(ClassifiedField)], ct);

    /// <summary>Which of an <paramref name="entity"/>'s export <paramref name="fields"/> (as the data classification
    /// names them) the caller may export: sensitive personal ones only with <c>privacy.export</c>.</summary>
    internal static async Task<bool[]> ExportableAsync(SettingsService settings, ICurrentUser user, string entity, string[] fields, CancellationToken ct)
    {
        var classes = await settings.GetAsync<DataClassification>(ct);
        return [.. fields.Select(f => user.HasPermission(Permissions.PrivacyExport) || classes.ClassOf(entity, f) != DataClass.SensitivePersonal)];
    }

    internal static T[] Kept<T>(T[] row, bool[] keep) => [.. row.Where((_, i) => keep[i])];

    /// <summary>The CSV export; sensitive columns only for holders of <c>privacy.export</c> (see <c>ExportableAsync</c>).</summary>
    private static async Task Export(HttpContext http, CustomerService service, SettingsService settings, ICurrentUser user, RapportDbContext db, CancellationToken ct,
        string? q = null, string? tag = null, string? tier = null, string? stage = null, Guid? ownerId = null,
        DateTime? createdFrom = null, DateTime? createdTo = null, bool reveal = false)
    {
        var query = new CustomerQuery
        {
            Q = q, Tag = tag, OwnerId = ownerId, CreatedFrom = createdFrom, CreatedTo = createdTo,
            Tier = QueryParams.Enum<ValueTier>(tier, nameof(tier)),
            Stage = QueryParams.Enum<LifecycleStage>(stage, nameof(stage)),
        };
        var keep = await ExportableAsync(settings, user, ct);
        var owners = await OwnerNamesAsync(db, ct);
        await Csv.WriteAsync(http, "customers", Kept(CustomerColumns, keep), service.ExportAsync(query, reveal, KeepsSensitive(keep), ct), (c, zone) => CustomerRow(c, zone, owners, keep), ct);
    }
}
