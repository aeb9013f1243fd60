using Rapport.Core.Customers;
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

    /// <summary>The columns of a customer export (also written by the large-export job, <c>Reports/ExportsEndpoints</c>).</summary>
    internal static readonly string[] CustomerColumns = ["number", "name", "kind", "tier", "stage", "industry", "source", "phones", "emails", "tags",
        "nationalId", "bankAccount", "dateOfBirth", "createdAt"];

    internal static string?[] CustomerRow(CustomerDto c, TimeZoneInfo zone) => [
        c.Number, c.Name, c.Kind.ToString(), c.Tier.ToString(), c.Stage.ToString(), c.Industry, c.Source,
        string.Join("; ", c.Phones), string.Join("; ", c.Emails), string.Join("; ", c.Tags),
        c.NationalId, c.BankAccount, c.DateOfBirth, Csv.Instant(c.CreatedAt, zone),
    ];

    /// <summary>Which of <see cref="CustomerColumns"/> the caller may export: columns whose field is classified sensitive
    /// personal information only for holders of <c>privacy.export</c> (the data-classification setting).</summary>
    internal static async Task<bool[]> ExportableAsync(SettingsService settings, ICurrentUser user, CancellationToken ct)
    {
        var classes = await settings.GetAsync<DataClassification>(ct);
        return [.. CustomerColumns.Select(c => user.HasPermission(Permissions.PrivacyExport) || classes.ClassOf("customer", c) != DataClass.SensitivePersonal)];
    }

    internal static T[] Kept<T>(T[] row, bool[] keep) => [.. row.Where((_, i) => keep[i])];

    /// <summary>The CSV export; sensitive columns only for holders of <c>privacy.export</c> (see <see cref="ExportableAsync"/>).</summary>
    private static async Task Export(HttpContext http, CustomerService service, SettingsService settings, ICurrentUser user, CancellationToken ct,
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
        await Csv.WriteAsync(http, "customers", Kept(CustomerColumns, keep), service.ExportAsync(query, reveal, ct), (c, zone) => Kept(CustomerRow(c, zone), keep), ct);
    }
}
