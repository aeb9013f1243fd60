namespace Rapport.Core.Customers;

/// <summary>Global search across customers and contacts by name, number, phone or email.</summary>
public sealed class SearchService(RapportDbContext db, ICurrentUser user)
{
    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string q, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.CustomersRead);
        if (string.IsNullOrWhiteSpace(q)) throw RapportValidationException.For("q", "Validation.Required");
        TextSearch.CheckTerm(q);
        var size = Math.Min(Keyset.ClampPageSize(limit ?? 20), 50);
        // Take the first matches straight from the indexes, then order that small set by name.
        var customers = await TextSearch.FirstMatchesAsync(db, db.Customers, TextSearch.Streamed(db, db.Customers, q), q, size,
            c => new SearchHit("customer", c.Id, c.Id, c.Name, c.Number), h => h.Id, ct);
        var contacts = await TextSearch.FirstMatchesAsync(db, db.Contacts, TextSearch.Streamed(db, db.Contacts, q), q, size,
            c => new SearchHit("contact", c.Id, c.CustomerId, c.Name, c.Customer!.Name), h => h.Id, ct);
        return customers.OrderBy(h => h.Title, StringComparer.CurrentCulture)
            .Concat(contacts.OrderBy(h => h.Title, StringComparer.CurrentCulture))
            .ToList();
    }
}
