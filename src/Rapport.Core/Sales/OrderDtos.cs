namespace Rapport.Core.Sales;

public sealed record OrderLineDto(int Position, string Description, string? Unit, decimal Quantity, decimal UnitPrice, decimal DiscountPercent,
    decimal TaxRatePercent, decimal Net, decimal Tax);

public sealed record OrderDto(Guid Id, string Number, Guid? QuoteId, Guid CustomerId, string CustomerName, Guid? OwnerId, string Currency, OrderStatus Status,
    decimal Subtotal, decimal Tax, decimal Total, decimal Invoiced, string? ExternalId, IReadOnlyList<OrderLineDto> Lines, DateTime CreatedAt);

public sealed record OrderListItem(Guid Id, string Number, Guid CustomerId, string CustomerName, string Currency, OrderStatus Status, decimal Total, DateTime CreatedAt);

/// <summary>Invoice (part of) an order; the amount defaults to what is not invoiced yet.</summary>
public sealed record InvoiceInput(decimal? Amount = null, int DueInDays = 30, DateOnly? IssuedOn = null);

public sealed record InvoiceDto(Guid Id, string Number, Guid OrderId, Guid CustomerId, string CustomerName, string Currency, DateOnly IssuedOn, DateOnly DueOn,
    decimal Amount, decimal Paid, decimal Outstanding, InvoiceStatus Status, bool Overdue, long Version);

/// <summary>Money received: the amount, the day (today by default), how (a <see cref="PaymentMethod"/> name) and the payer's
/// reference (a transfer number, a receipt).</summary>
public sealed record PaymentInput(decimal Amount, DateOnly? PaidOn = null, string? Method = null, string? Reference = null);

public sealed record PaymentDto(Guid Id, Guid InvoiceId, decimal Amount, DateOnly PaidOn, string? Method, string? Reference, DateTime CreatedAt);
