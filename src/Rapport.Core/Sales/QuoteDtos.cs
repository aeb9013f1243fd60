namespace Rapport.Core.Sales;

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
