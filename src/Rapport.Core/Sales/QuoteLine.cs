namespace Rapport.Core.Sales;

/// <summary>A line of a quote (see <see cref="DocumentLine"/>).</summary>
public sealed class QuoteLine : DocumentLine
{
    public Guid QuoteId { get; init; }
}
