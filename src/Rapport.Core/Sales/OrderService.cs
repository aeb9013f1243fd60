namespace Rapport.Core.Sales;

/// <summary>Orders (from accepted quotes), invoices with due dates, and payments against them, partial ones
/// included. Orders and invoices follow their customer's record scope.</summary>
public sealed class OrderService(RapportDbContext db, TimeProvider clock, ICurrentUser user)
{
    public const string OrderPattern = "SO-{yyyy}-{seq:00000}";
    public const string InvoicePattern = "INV-{yyyy}-{seq:00000}";

    /// <summary>Turns an accepted quote into an order with the same lines and totals (inside the caller's transaction).</summary>
    internal async Task<Guid> CreateFromQuoteAsync(Quote quote, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var deal = await db.Opportunities.Where(o => o.Id == quote.OpportunityId).Select(o => new { o.OwnerId, o.CampaignId }).FirstOrDefaultAsync(ct);
        var owner = deal?.OwnerId;
        var order = new Order
        {
            Number = await Sequences.NextNumberAsync(db, OrderPattern, now, ct), QuoteId = quote.Id, CustomerId = quote.CustomerId, OwnerId = owner,
            CampaignId = deal?.CampaignId,
            Currency = quote.Currency, SubtotalMinor = quote.SubtotalMinor, TaxMinor = quote.TaxMinor, TotalMinor = quote.TotalMinor,
            CreatedAt = now, CreatedById = user.Id,
        };
        order.Lines.AddRange(quote.Lines.OrderBy(l => l.Position).Select(l => new OrderLine
        {
            OrderId = order.Id, Position = l.Position, ProductId = l.ProductId, Description = l.Description, Unit = l.Unit, Quantity = l.Quantity,
            UnitPriceMinor = l.UnitPriceMinor, DiscountPercent = l.DiscountPercent, TaxRatePercent = l.TaxRatePercent, NetMinor = l.NetMinor, TaxMinor = l.TaxMinor,
        }));
        db.Orders.Add(order);
        return order.Id;
    }

    public async Task<Page<OrderListItem>> ListAsync(Guid? customerId, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.OrdersRead);
        var size = Keyset.ClampPageSize(limit);
        var source = db.Orders.AsNoTracking();
        if (customerId is { } c) source = source.Where(o => o.CustomerId == c);
        var rows = await Keyset.Seek(source, o => o.CreatedAt, o => o.Id, true, cursor, size)
            .Select(o => new OrderListItem(o.Id, o.Number, o.CustomerId, o.Customer!.Name, o.Currency, o.Status, Currency.FromMinor(o.TotalMinor, o.Currency), o.CreatedAt))
            .ToListAsync(ct);
        var (items, next) = Keyset.Cut(rows, size, o => o.CreatedAt, o => o.Id);
        return new Page<OrderListItem>(items, next);
    }

    public async Task<OrderDto> GetAsync(Guid id, CancellationToken ct)
    {
        var o = await db.Orders.AsNoTracking().AsSplitQuery().Include(x => x.Lines).Include(x => x.Customer).FirstOrDefaultAsync(x => x.Id == id, ct)
            ?? throw new NotFoundException("Order", id);
        user.Require(Permissions.OrdersRead);
        var invoiced = o.InvoicedMinor;
        return new OrderDto(o.Id, o.Number, o.QuoteId, o.CustomerId, o.Customer!.Name, o.OwnerId, o.Currency, o.Status,
            Currency.FromMinor(o.SubtotalMinor, o.Currency), Currency.FromMinor(o.TaxMinor, o.Currency), Currency.FromMinor(o.TotalMinor, o.Currency),
            Currency.FromMinor(invoiced, o.Currency), o.ExternalId,
            o.Lines.OrderBy(l => l.Position).Select(l => new OrderLineDto(l.Position, l.Description, l.Unit, l.Quantity, Currency.FromMinor(l.UnitPriceMinor, o.Currency),
                l.DiscountPercent, l.TaxRatePercent, Currency.FromMinor(l.NetMinor, o.Currency), Currency.FromMinor(l.TaxMinor, o.Currency))).ToList(),
            o.CreatedAt);
    }

    /// <summary>Invoices (part of) an order: by default what is not yet invoiced, due in 30 days.</summary>
    public async Task<InvoiceDto> InvoiceAsync(Guid orderId, InvoiceInput input, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == orderId, ct) ?? throw new NotFoundException("Order", orderId);
        user.Require(Permissions.OrdersManage);
        if (order.Status == OrderStatus.Cancelled) throw RapportValidationException.For("orderId", "Validation.OrderCancelled");
        var remaining = order.TotalMinor - order.InvoicedMinor;
        if (input.Amount is { } given && given != Currency.Round(given, order.Currency))
            throw RapportValidationException.For("amount", "Validation.Decimals", Currency.Exponent(order.Currency));
        var amount = input.Amount is { } a ? (a > 0 && a <= Currency.AmountMax ? Currency.ToMinor(a, order.Currency) : -1) : remaining;
        if (amount <= 0 || amount > remaining) throw NotMoreThan(remaining, order.Currency);
        if (input.DueInDays is < 0 or > 365) throw RapportValidationException.For("dueInDays", "Validation.Between", 0, 365);
        var now = clock.GetUtcNow().UtcDateTime;
        var issued = input.IssuedOn ?? DateOnly.FromDateTime(now);
        // The due date must be a business date too, so 2199-12-31 + 30 days is refused rather than overflowing.
        if (Ranges.AddDays(issued, input.DueInDays) is null) throw new RapportValidationException([Ranges.DateError("issuedOn")]);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Claim the amount on the order row itself, in one statement: "not more than what is left" holds under any number
        // of parallel requests on both databases (PostgreSQL re-checks the condition on the row it waited for; SQLite
        // writes one at a time). A read-then-insert let 20 parallel invoices through on PostgreSQL.
        var claimed = await db.Orders.Where(o => o.Id == orderId && o.InvoicedMinor + amount <= o.TotalMinor)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.InvoicedMinor, o => o.InvoicedMinor + amount), ct);
        if (claimed == 0)
            throw NotMoreThan(await db.Orders.Where(o => o.Id == orderId).Select(o => o.TotalMinor - o.InvoicedMinor).FirstAsync(ct), order.Currency);
        var invoice = new Invoice
        {
            Number = await Sequences.NextNumberAsync(db, InvoicePattern, now, ct), OrderId = orderId, CustomerId = order.CustomerId, Currency = order.Currency,
            IssuedOn = issued, DueOn = issued.AddDays(input.DueInDays), AmountMinor = amount,
        };
        db.Invoices.Add(invoice);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return await GetInvoiceAsync(invoice.Id, ct);
    }

    /// <summary>The amount is refused, naming what is left to invoice as the currency is written ("at most CNY 7,000.00").</summary>
    private static RapportValidationException NotMoreThan(long remainingMinor, string currency) => remainingMinor <= 0
        ? RapportValidationException.For("amount", "Validation.FullyInvoiced")
        : RapportValidationException.For("amount", "Validation.InvoiceAtMost", new MoneyText(Currency.FromMinor(remainingMinor, currency), currency));

    public async Task<InvoiceDto> GetInvoiceAsync(Guid id, CancellationToken ct)
    {
        var dto = await Invoices(db.Invoices.Where(i => i.Id == id)).FirstOrDefaultAsync(ct) ?? throw new NotFoundException("Invoice", id);
        user.Require(Permissions.OrdersRead);
        return WithOverdue(dto);
    }

    /// <summary>Invoices, latest issued first; with <paramref name="overdueOnly"/>, the unpaid ones past their due date, oldest due first.</summary>
    public async Task<Page<InvoiceDto>> InvoicesAsync(bool overdueOnly, string? cursor, int? limit, CancellationToken ct)
    {
        user.Require(Permissions.OrdersRead);
        var size = Keyset.ClampPageSize(limit);
        var today = Today;
        List<InvoiceDto> rows;
        if (overdueOnly)
        {
            var source = db.Invoices.Where(i => (i.Status == InvoiceStatus.Open || i.Status == InvoiceStatus.PartiallyPaid) && i.DueOn < today);
            rows = await Invoices(Keyset.Seek(source, i => i.DueOn, i => i.Id, false, cursor, size)).ToListAsync(ct);
            var (items, next) = Keyset.Cut(rows, size, i => i.DueOn, i => i.Id);
            return new Page<InvoiceDto>(items.Select(WithOverdue).ToList(), next);
        }
        rows = await Invoices(Keyset.Seek(db.Invoices.AsQueryable(), i => i.IssuedOn, i => i.Id, true, cursor, size)).ToListAsync(ct);
        var (page, nextCursor) = Keyset.Cut(rows, size, i => i.IssuedOn, i => i.Id);
        return new Page<InvoiceDto>(page.Select(WithOverdue).ToList(), nextCursor);
    }

    /// <summary>An order's invoices, oldest first.</summary>
    public async Task<IReadOnlyList<InvoiceDto>> OrderInvoicesAsync(Guid orderId, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == orderId, ct)) throw new NotFoundException("Order", orderId);
        user.Require(Permissions.OrdersRead);
        var rows = await Invoices(db.Invoices.Where(i => i.OrderId == orderId).OrderBy(i => i.IssuedOn).ThenBy(i => i.Id)).ToListAsync(ct);
        return rows.Select(WithOverdue).ToList();
    }

    /// <summary>Records money received against an invoice; partial payments leave it partially paid, the last one
    /// pays it. More than is outstanding is refused.</summary>
    public async Task<PaymentDto> RecordPaymentAsync(Guid invoiceId, PaymentInput input, long? expectedVersion, CancellationToken ct)
    {
        var invoice = await db.Invoices.FirstOrDefaultAsync(i => i.Id == invoiceId, ct) ?? throw new NotFoundException("Invoice", invoiceId);
        user.Require(Permissions.OrdersPayments);
        invoice.ExpectVersion(expectedVersion, "Invoice", invoiceId);
        invoice.CheckOpen();
        var outstanding = invoice.OutstandingMinor;
        var errors = new List<FieldError>();
        if (input.Amount <= 0 || input.Amount > Currency.AmountMax || Currency.ToMinor(input.Amount, invoice.Currency) > outstanding)
            errors.Add(new("amount", "Validation.Between", Currency.FromMinor(1, invoice.Currency), Currency.FromMinor(outstanding, invoice.Currency)));
        else if (input.Amount != Currency.Round(input.Amount, invoice.Currency)) errors.Add(new("amount", "Validation.Decimals", Currency.Exponent(invoice.Currency)));
        var method = Method(input.Method, errors);
        TextInput.CheckLength(errors, "reference", input.Reference, 100);
        if (input.PaidOn is { } on && on > Today) errors.Add(new("paidOn", "Validation.InTheFuture"));
        Ranges.CheckDate(errors, "paidOn", input.PaidOn);
        if (errors.Count > 0) throw new RapportValidationException(errors);

        var payment = new Payment
        {
            InvoiceId = invoiceId, AmountMinor = Currency.ToMinor(input.Amount, invoice.Currency), PaidOn = input.PaidOn ?? Today,
            Method = method, Reference = TextInput.Clean(input.Reference),
            CreatedAt = clock.GetUtcNow().UtcDateTime, RecordedById = user.Id,
        };
        db.Payments.Add(payment);
        invoice.RecordPayment(payment.AmountMinor);
        await db.SaveChangesAsync(ct);
        return new PaymentDto(payment.Id, invoiceId, input.Amount, payment.PaidOn, payment.Method, payment.Reference, payment.CreatedAt);
    }

    /// <summary>A method from <see cref="PaymentMethod"/> by its name in any case, with or without spaces ("bank transfer");
    /// null when none is given.</summary>
    private static string? Method(string? given, List<FieldError> errors)
    {
        if (TextInput.Clean(given) is not { } text) return null;
        var name = text.Replace(" ", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var known = Enum.GetNames<PaymentMethod>().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        if (known is null) errors.Add(new("method", "Validation.OneOf", string.Join(", ", Enum.GetNames<PaymentMethod>())));
        return known;
    }

    public async Task<IReadOnlyList<PaymentDto>> PaymentsAsync(Guid invoiceId, CancellationToken ct)
    {
        if (!await db.Invoices.AnyAsync(i => i.Id == invoiceId, ct)) throw new NotFoundException("Invoice", invoiceId);
        user.Require(Permissions.OrdersRead);
        return await db.Payments.AsNoTracking().Where(p => p.InvoiceId == invoiceId).OrderBy(p => p.PaidOn).ThenBy(p => p.CreatedAt)
            .Select(p => new PaymentDto(p.Id, p.InvoiceId, Currency.FromMinor(p.AmountMinor, p.Invoice!.Currency), p.PaidOn, p.Method, p.Reference, p.CreatedAt)).ToListAsync(ct);
    }

    private DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    private InvoiceDto WithOverdue(InvoiceDto i) => i with { Overdue = i.Status is InvoiceStatus.Open or InvoiceStatus.PartiallyPaid && i.DueOn < Today };

    private static IQueryable<InvoiceDto> Invoices(IQueryable<Invoice> q) => q.AsNoTracking().Select(i => new InvoiceDto(
        i.Id, i.Number, i.OrderId, i.CustomerId, i.Order!.Customer!.Name, i.Currency, i.IssuedOn, i.DueOn,
        Currency.FromMinor(i.AmountMinor, i.Currency), Currency.FromMinor(i.PaidMinor, i.Currency), Currency.FromMinor(i.AmountMinor - i.PaidMinor, i.Currency),
        i.Status, false, i.Version));
}
