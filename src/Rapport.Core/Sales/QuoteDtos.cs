namespace Rapport.Core.Sales;

public sealed record ProductInput(string? Sku, string? Name, string? Unit = null, string? Category = null, bool Active = true);

public sealed record ProductDto(Guid Id, string Sku, string Name, string? Unit, string? Category, bool Active);

public sealed record PriceListItemInput(Guid ProductId, decimal UnitPrice);

public sealed record PriceListInput(string? Name, string? Currency, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<PriceListItemInput>? Items);

public sealed record PriceListItemDto(Guid ProductId, decimal UnitPrice);

public sealed record PriceListDto(Guid Id, string Name, string Currency, DateOnly ValidFrom, DateOnly? ValidTo, IReadOnlyList<PriceListItemDto> Items);

/// <summary>A quote line as sent: a product (its name and price fill in what is left empty) or free text.</summary>
public sealed record QuoteLineInput(Guid? ProductId, string? Description, decimal Quantity, decimal? UnitPrice = null,
    decimal DiscountPercent = 0, decimal TaxRatePercent = 0, string? Unit = null);

public sealed record QuoteInput(DateOnly? ValidUntil, string? Notes, IReadOnlyList<QuoteLineInput>? Lines);

public sealed record QuoteLineDto(int Position, Guid? ProductId, string Description, string? Unit, decimal Quantity, decimal UnitPrice,
    decimal DiscountPercent, decimal TaxRatePercent, decimal Net, decimal Tax);

public sealed record QuoteDto(
    Guid Id, string Number, int Revision, Guid OpportunityId, Guid CustomerId, string CustomerName, string Currency, QuoteStatus Status,
    DateOnly? ValidUntil, string? Notes, decimal Subtotal, decimal Tax, decimal Total, DateTime? SentAt, DateTime? DecidedAt, Guid? OrderId,
    IReadOnlyList<QuoteLineDto> Lines, DateTime CreatedAt, long Version);

public sealed record QuoteListItem(Guid Id, string Number, int Revision, QuoteStatus Status, decimal Total, string Currency, DateOnly? ValidUntil, DateTime CreatedAt);

/// <summary>Accepting may turn the quote into an order at once.</summary>
public sealed record QuoteAcceptInput(bool CreateOrder = true);

public sealed record OrderLineDto(int Position, string Description, string? Unit, decimal Quantity, decimal UnitPrice, decimal DiscountPercent,
    decimal TaxRatePercent, decimal Net, decimal Tax);

public sealed record OrderDto(Guid Id, string Number, Guid? QuoteId, Guid CustomerId, string CustomerName, Guid? OwnerId, string Currency, OrderStatus Status,
    decimal Subtotal, decimal Tax, decimal Total, decimal Invoiced, string? ExternalId, IReadOnlyList<OrderLineDto> Lines, DateTime CreatedAt);

public sealed record OrderListItem(Guid Id, string Number, Guid CustomerId, string CustomerName, string Currency, OrderStatus Status, decimal Total, DateTime CreatedAt);

/// <summary>Invoice (part of) an order; the amount defaults to what is not invoiced yet.</summary>
public sealed record InvoiceInput(decimal? Amount = null, int DueInDays = 30, DateOnly? IssuedOn = null);

public sealed record InvoiceDto(Guid Id, string Number, Guid OrderId, Guid CustomerId, string CustomerName, string Currency, DateOnly IssuedOn, DateOnly DueOn,
    decimal Amount, decimal Paid, decimal Outstanding, InvoiceStatus Status, bool Overdue, long Version);

public sealed record PaymentInput(decimal Amount, DateOnly? PaidOn = null, string? Method = null, string? Reference = null);

public sealed record PaymentDto(Guid Id, Guid InvoiceId, decimal Amount, DateOnly PaidOn, string? Method, string? Reference, DateTime CreatedAt);
