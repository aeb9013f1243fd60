namespace Rapport.Core.Privacy;

/// <summary>
/// Whether a message of some kind may go to an address: marketing needs the person's consent (opt-in — GDPR art. 6/7,
/// PIPL art. 13/14 and China's rules on commercial email), so an address is allowed only while the newest line of its
/// ledger for that purpose says granted; an address with no line, or whose newest line is a withdrawal, is refused.
/// Transactional mail (a case reply, a password reset) needs no consent and is never stopped here.
/// </summary>
public sealed class ConsentGate(RapportDbContext db)
{
    /// <summary>The consent a kind of outgoing mail (<see cref="Mail.OutboxMessage.Purpose"/>) needs; null: none.</summary>
    public static ConsentPurpose? ForMail(string? mailPurpose) => mailPurpose switch
    {
        "campaign" or "marketing" or "newsletter" => ConsentPurpose.MarketingEmail,
        _ => null,
    };

    private static readonly Customers.ChannelKind[] AddressKinds = [Customers.ChannelKind.Email, Customers.ChannelKind.Phone];

    /// <summary>The addresses (normalised: lower-case email, E.164 phone) that may not receive <paramref name="purpose"/>.</summary>
    public async Task<IReadOnlySet<string>> RefusedAsync(IReadOnlyCollection<string> addresses, ConsentPurpose purpose, CancellationToken ct)
    {
        if (addresses.Count == 0) return new HashSet<string>();
        // Read outside record scope: the sender runs for everyone, and lines without a customer count too.
        var lines = await db.ConsentEntries.IgnoreQueryFilters().AsNoTracking()
            .Where(e => e.Purpose == purpose && e.Address != null && addresses.Contains(e.Address))
            .Select(e => new { e.Address, e.Granted, e.At, e.RecordedAt })
            .ToListAsync(ct);
        // A customer whose processing is restricted (a subject request) gets no marketing, whatever their consent says.
        // The kinds first, so the (Kind, Value) index serves the lookup (by Value alone it was a scan of every channel).
        var restricted = await db.CustomerChannels.AsNoTracking().Where(ch => AddressKinds.Contains(ch.Kind) && addresses.Contains(ch.Value))
            .Where(ch => db.Customers.IgnoreQueryFilters().Any(c => c.Id == ch.CustomerId && c.ProcessingRestricted))
            .Select(ch => ch.Value).ToListAsync(ct);
        var granted = lines.GroupBy(l => l.Address!)
            .Where(g => !restricted.Contains(g.Key) && g.OrderByDescending(l => l.At).ThenByDescending(l => l.RecordedAt).First().Granted)
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return addresses.Where(a => !granted.Contains(a)).ToHashSet(StringComparer.Ordinal);
    }
}
