using Rapport.Core.Customers;

namespace Rapport.Core.Privacy.Requests;

/// <summary>The rows that are about one data subject, found outside record scope and the recycle bin (a privacy
/// officer answers for everything held): the customer named by the request, customers who are individuals with the
/// request's email or phone, their contacts and contacts anywhere with that email or phone, and leads with it or
/// converted into the customer.</summary>
public sealed record SubjectRecords(IReadOnlyList<Guid> Customers, IReadOnlyList<Guid> Contacts, IReadOnlyList<Guid> Leads, IReadOnlyList<Guid> Cases)
{
    public static async Task<SubjectRecords> FindAsync(RapportDbContext db, SubjectRequest request, CancellationToken ct)
    {
        var all = db.Customers.IgnoreQueryFilters();
        var customers = new List<Guid>();
        if (request.CustomerId is { } id) customers.Add(id);
        var points = new[] { request.Email, request.Phone }.OfType<string>().ToList();
        if (points.Count > 0)
            customers.AddRange(await all.Where(c => c.Kind == CustomerKind.Individual && c.Channels.Any(ch => points.Contains(ch.Value)))
                .Select(c => c.Id).ToListAsync(ct));
        customers = [.. customers.Distinct()];

        var contacts = await db.Contacts.IgnoreQueryFilters()
            .Where(c => customers.Contains(c.CustomerId)
                || (request.Email != null && c.Emails.Contains(request.Email))
                || (request.Phone != null && c.Phones.Contains(request.Phone)))
            .Select(c => c.Id).ToListAsync(ct);
        var leads = await db.Leads.IgnoreQueryFilters()
            .Where(l => (l.CustomerId != null && customers.Contains(l.CustomerId.Value))
                || (request.Email != null && l.Email == request.Email)
                || (request.Phone != null && l.Phone == request.Phone))
            .Select(l => l.Id).ToListAsync(ct);
        var cases = await db.Cases.IgnoreQueryFilters().Where(c => customers.Contains(c.CustomerId)).Select(c => c.Id).ToListAsync(ct);
        return new SubjectRecords(customers, contacts, leads, cases);
    }

    /// <summary>Every id above, for finding audit references.</summary>
    public IReadOnlyList<string> AllIds() => [.. Customers.Concat(Contacts).Concat(Leads).Concat(Cases).Select(g => g.ToString())];
}
