namespace Rapport.Core.Sales;

/// <summary>Quotes on opportunities: priced lines with discount and tax, revisions, and the draft → sent →
/// accepted / rejected life (expired when a sent quote outlives its validity). Quotes follow their deal's record
/// scope; reading needs <c>opportunities.read</c>, changing <c>opportunities.update</c>.</summary>
public sealed class QuoteService(RapportDbContext db, TimeProvider clock, ICurrentUser user, ProductService products, OrderService orders,
    OpportunityService deals)
{
    public const string NumberPattern = "Q-{yyyy}-{seq:00000}";
    public const int LinesMax = 200;

    public async Task<QuoteDto> CreateAsync(Guid opportunityId, QuoteInput input, CancellationToken ct)
    {
        var deal = await db.Opportunities.AsNoTracking().FirstOrDefaultAsync(o => o.Id == opportunityId, ct)
            ?? throw new NotFoundException("Opportunity", opportunityId);
        user.Require(Permissions.OpportunitiesUpdate);
        var now = clock.GetUtcNow().UtcDateTime;
        var quote = new Quote
        {
            Number = await Sequences.NextNumberAsync(db, NumberPattern, now, ct), OpportunityId = deal.Id, CustomerId = deal.CustomerId,
            Currency = deal.Currency,
        };
        await ApplyAsync(quote, input, ct);
        db.Quotes.Add(quote);
        await db.SaveChangesAsync(ct);
        return await GetAsync(quote.Id, ct);
    }

    public async Task<QuoteDto> GetAsync(Guid id, CancellationToken ct)
    {
        var q = await db.Quotes.AsNoTracking().AsSplitQuery().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Quote", id);
        user.Require(Permissions.OpportunitiesRead);
        var customer = await db.Customers.Where(c => c.Id == q.CustomerId).Select(c => c.Name).FirstOrDefaultAsync(ct) ?? "";
        return ToDto(q, customer);
    }

    public async Task<IReadOnlyList<QuoteListItem>> ListAsync(Guid opportunityId, CancellationToken ct)
    {
        if (!await db.Opportunities.AnyAsync(o => o.Id == opportunityId, ct)) throw new NotFoundException("Opportunity", opportunityId);
        user.Require(Permissions.OpportunitiesRead);
        var rows = await db.Quotes.AsNoTracking().Where(q => q.OpportunityId == opportunityId).OrderByDescending(q => q.CreatedAt).Take(200).ToListAsync(ct);
        return rows.Select(q => new QuoteListItem(q.Id, q.Number, q.Revision, Effective(q), Currency.FromMinor(q.TotalMinor, q.Currency), q.Currency, q.ValidUntil, q.CreatedAt)).ToList();
    }

    /// <summary>Replaces a draft's lines, validity and notes; totals are worked out again.</summary>
    public async Task<QuoteDto> UpdateAsync(Guid id, QuoteInput input, long? expectedVersion, CancellationToken ct)
    {
        var q = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesUpdate);
        if (q.Status != QuoteStatus.Draft) throw RapportValidationException.For("status", "Validation.QuoteNotDraft");
        q.ExpectVersion(expectedVersion, "Quote", id);
        db.QuoteLines.RemoveRange(q.Lines);
        q.Lines.Clear();
        await ApplyAsync(q, input, ct);
        await db.SaveChangesAsync(ct);
        return await GetAsync(id, ct);
    }

    public Task<QuoteDto> SendAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        DecideAsync(id, (q, now) => q.Send(now), createOrder: false, expectedVersion, ct);

    public Task<QuoteDto> RejectAsync(Guid id, long? expectedVersion, CancellationToken ct) =>
        DecideAsync(id, (q, now) => q.Reject(now), createOrder: false, expectedVersion, ct);

    /// <summary>The customer said yes: the quote is accepted, its deal is won for the quote's total, and (by default) the
    /// quote becomes an order — all in one transaction.</summary>
    public Task<QuoteDto> AcceptAsync(Guid id, QuoteAcceptInput input, long? expectedVersion, CancellationToken ct) =>
        DecideAsync(id, (q, now) => q.Accept(now), input.CreateOrder, expectedVersion, ct);

    /// <summary>A new draft revision with the same number and a copy of the lines; the revision it came from stays.</summary>
    public async Task<QuoteDto> ReviseAsync(Guid id, long? expectedVersion, CancellationToken ct)
    {
        var q = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesUpdate);
        q.ExpectVersion(expectedVersion, "Quote", id);
        if (q.Status == QuoteStatus.Accepted) throw RapportValidationException.For("status", "Validation.QuoteAccepted");
        var number = q.Number;
        var last = await db.Quotes.IgnoreQueryFilters().Where(x => x.Number == number).MaxAsync(x => x.Revision, ct);
        var revision = new Quote
        {
            Number = q.Number, Revision = last + 1, OpportunityId = q.OpportunityId, CustomerId = q.CustomerId, Currency = q.Currency,
            ValidUntil = q.ValidUntil, Notes = q.Notes,
        };
        revision.Lines.AddRange(q.Lines.OrderBy(l => l.Position).Select(l => new QuoteLine
        {
            QuoteId = revision.Id, Position = l.Position, ProductId = l.ProductId, Description = l.Description, Unit = l.Unit, Quantity = l.Quantity,
            UnitPriceMinor = l.UnitPriceMinor, DiscountPercent = l.DiscountPercent, TaxRatePercent = l.TaxRatePercent,
        }));
        QuoteMath.Total(revision);
        db.Quotes.Add(revision);
        await db.SaveChangesAsync(ct);
        return await GetAsync(revision.Id, ct);
    }

    private async Task<QuoteDto> DecideAsync(Guid id, Action<Quote, DateTime> decide, bool createOrder, long? expectedVersion, CancellationToken ct)
    {
        var q = await FindAsync(id, ct);
        user.Require(Permissions.OpportunitiesUpdate);
        q.ExpectVersion(expectedVersion, "Quote", id);
        var now = clock.GetUtcNow().UtcDateTime;
        decide(q, now);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (q.Status == QuoteStatus.Accepted) await deals.WinFromQuoteAsync(q.OpportunityId, q.TotalMinor, q.Currency, ct);
        if (createOrder) q.OrderId = await orders.CreateFromQuoteAsync(q, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetAsync(id, ct);
    }

    private async Task ApplyAsync(Quote q, QuoteInput input, CancellationToken ct)
    {
        var errors = new List<FieldError>();
        var lines = input.Lines ?? [];
        if (lines.Count > LinesMax) errors.Add(new("lines", "Validation.TooMany", LinesMax));
        TextInput.CheckLength(errors, "notes", input.Notes, 4000);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        if (input.ValidUntil is { } until && until < today) errors.Add(new("validUntil", "Validation.InThePast"));
        Ranges.CheckDate(errors, "validUntil", input.ValidUntil);
        var ids = lines.Where(l => l?.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToList();
        var catalogue = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var listed = await products.PricesMinorAsync(ids, q.Currency, today, ct);
        var built = new List<QuoteLine>();
        foreach (var (l, i) in lines.Select((l, i) => (l, i)))
        {
            if (l is null) { errors.Add(new($"lines[{i}]", "Validation.Required")); continue; }
            Product? product = null;
            if (l.ProductId is { } pid && !catalogue.TryGetValue(pid, out product)) errors.Add(new($"lines[{i}].productId", "Validation.UnknownProduct"));
            var description = TextInput.Clean(l.Description) ?? product?.Name;
            if (description is null) errors.Add(new($"lines[{i}].description", "Validation.Required"));
            else if (description.Length > 500) errors.Add(new($"lines[{i}].description", "Validation.TooLong", 500));
            TextInput.CheckLength(errors, $"lines[{i}].unit", l.Unit, 20);
            if (l.Quantity <= 0 || l.Quantity > 1_000_000m || l.Quantity != decimal.Round(l.Quantity, 3)) errors.Add(new($"lines[{i}].quantity", "Validation.Quantity"));
            if (!OpportunityRules.IsPercent(l.DiscountPercent)) errors.Add(new($"lines[{i}].discountPercent", "Validation.Between", 0, 100));
            if (!OpportunityRules.IsPercent(l.TaxRatePercent)) errors.Add(new($"lines[{i}].taxRatePercent", "Validation.Between", 0, 100));
            long? price = l.UnitPrice is { } up && Currency.IsAmount(up, q.Currency) ? Currency.ToMinor(up, q.Currency) : product is not null && listed.TryGetValue(product.Id, out var p) ? p : null;
            if (l.UnitPrice is { } given && !Currency.IsAmount(given, q.Currency)) errors.Add(new($"lines[{i}].unitPrice", "Validation.Price"));
            else if (price is null) errors.Add(new($"lines[{i}].unitPrice", "Validation.NoPrice", q.Currency));
            else if (l.Quantity > 0 && l.Quantity <= Ranges.QuantityMax && l.Quantity * Currency.FromMinor(price.Value, q.Currency) > Currency.AmountMax)
                errors.Add(new($"lines[{i}].quantity", "Validation.LineTotal", Currency.AmountMax));
            built.Add(new QuoteLine
            {
                QuoteId = q.Id, Position = i, ProductId = product?.Id, Description = description ?? "", Unit = TextInput.Clean(l.Unit) ?? product?.Unit,
                Quantity = l.Quantity, UnitPriceMinor = price ?? 0, DiscountPercent = l.DiscountPercent, TaxRatePercent = l.TaxRatePercent,
            });
        }
        if (errors.Count > 0) throw new RapportValidationException(errors);
        q.ValidUntil = input.ValidUntil;
        q.Notes = TextInput.Clean(input.Notes);
        q.Lines.AddRange(built);
        QuoteMath.Total(q);
    }

    /// <summary>A sent quote past its validity reads as expired.</summary>
    private QuoteStatus Effective(Quote q) => q.StatusOn(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));

    private async Task<Quote> FindAsync(Guid id, CancellationToken ct) =>
        await db.Quotes.AsSplitQuery().Include(x => x.Lines).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("Quote", id);

    private QuoteDto ToDto(Quote q, string customerName) => new(
        q.Id, q.Number, q.Revision, q.OpportunityId, q.CustomerId, customerName, q.Currency, Effective(q), q.ValidUntil, q.Notes,
        Currency.FromMinor(q.SubtotalMinor, q.Currency), Currency.FromMinor(q.TaxMinor, q.Currency), Currency.FromMinor(q.TotalMinor, q.Currency),
        q.SentAt, q.DecidedAt, q.OrderId,
        q.Lines.OrderBy(l => l.Position).Select(l => new QuoteLineDto(l.Position, l.ProductId, l.Description, l.Unit, l.Quantity,
            Currency.FromMinor(l.UnitPriceMinor, q.Currency), l.DiscountPercent, l.TaxRatePercent, Currency.FromMinor(l.NetMinor, q.Currency),
            Currency.FromMinor(l.TaxMinor, q.Currency))).ToList(),
        q.CreatedAt, q.Version);
}
