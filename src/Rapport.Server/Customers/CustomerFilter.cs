using Microsoft.AspNetCore.WebUtilities;
using Rapport.Core.Customers;

namespace Rapport.Server.Customers;

/// <summary>The customer list's filters and sort as the page holds them. It round-trips through the same query
/// string the API reads (<c>q, tag, tier, stage, ownerId, createdFrom, createdTo, sort</c>), so a view's URL, a
/// saved view and the CSV export all say the same thing.</summary>
public sealed record CustomerFilter
{
    public string? Q { get; init; }
    public string? Tag { get; init; }
    public ValueTier? Tier { get; init; }
    public LifecycleStage? Stage { get; init; }
    public Guid? OwnerId { get; init; }
    public DateTime? CreatedFrom { get; init; }
    public DateTime? CreatedTo { get; init; }
    public CustomerSort Sort { get; init; } = CustomerSort.Created;
    public bool Descending { get; init; } = true;

    public bool IsEmpty => string.IsNullOrWhiteSpace(Q) && string.IsNullOrWhiteSpace(Tag) && Tier is null && Stage is null
                           && OwnerId is null && CreatedFrom is null && CreatedTo is null;

    /// <summary>The service query; the created-from/to dates are whole days in the reader's <paramref name="zone"/>.</summary>
    public CustomerQuery ToQuery(string? cursor, int limit, TimeZoneInfo zone) => new()
    {
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Tag = string.IsNullOrWhiteSpace(Tag) ? null : Tag.Trim(),
        Tier = Tier, Stage = Stage, OwnerId = OwnerId,
        CreatedFrom = CreatedFrom is { } f ? TimeZones.DayStartUtc(DateOnly.FromDateTime(f), zone) : null,
        // "to" is a whole day: up to the start of the next one.
        CreatedTo = CreatedTo is { } t ? TimeZones.DayEndUtc(DateOnly.FromDateTime(t), zone) : null,
        Sort = Sort, Descending = Descending, Cursor = cursor, Limit = limit,
    };

    public string ToQueryString(bool withSort = true)
    {
        var p = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(Q)) p["q"] = Q.Trim();
        if (!string.IsNullOrWhiteSpace(Tag)) p["tag"] = Tag.Trim();
        if (Tier is { } tier) p["tier"] = tier.ToString().ToLowerInvariant();
        if (Stage is { } stage) p["stage"] = stage.ToString().ToLowerInvariant();
        if (OwnerId is { } owner) p["ownerId"] = owner.ToString();
        if (CreatedFrom is { } from) p["createdFrom"] = from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (CreatedTo is { } to) p["createdTo"] = to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (withSort && (Sort, Descending) != (CustomerSort.Created, true))
            p["sort"] = (Descending ? "-" : "") + SortName(Sort);
        return p.Count == 0 ? "" : QueryHelpers.AddQueryString("", p);
    }

    public static CustomerFilter Parse(string? queryString)
    {
        var p = QueryHelpers.ParseQuery(queryString);
        string? Get(string key) => p.TryGetValue(key, out var v) && v.Count > 0 && !string.IsNullOrWhiteSpace(v[0]) ? v[0] : null;
        var (sort, desc) = (CustomerSort.Created, true);
        try
        {
            if (Get("sort") is { } s) (sort, desc) = CustomersEndpoints.ParseSort(s);
        }
        catch (Rapport.Core.Common.RapportValidationException)
        {
            // an unknown sort in a hand-edited URL: fall back to newest first
        }
        return new CustomerFilter
        {
            Q = Get("q"), Tag = Get("tag"),
            Tier = Enum.TryParse<ValueTier>(Get("tier"), true, out var tier) ? tier : null,
            Stage = Enum.TryParse<LifecycleStage>(Get("stage"), true, out var stage) ? stage : null,
            OwnerId = Guid.TryParse(Get("ownerId"), out var owner) ? owner : null,
            CreatedFrom = DateTime.TryParse(Get("createdFrom"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
            CreatedTo = DateTime.TryParse(Get("createdTo"), CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null,
            Sort = sort, Descending = desc,
        };
    }

    private static string SortName(CustomerSort sort) => sort switch
    {
        CustomerSort.Name => "name",
        CustomerSort.Number => "number",
        CustomerSort.Updated => "updatedAt",
        _ => "createdAt",
    };
}

/// <summary>The list's columns: name always, the rest chosen by the user (and kept in saved views).</summary>
public static class CustomerColumns
{
    public static readonly string[] Optional = ["number", "kind", "tier", "stage", "owner", "phone", "email", "createdAt", "updatedAt"];
    public static readonly string[] Default = ["number", "tier", "stage", "owner", "phone", "createdAt"];
}
