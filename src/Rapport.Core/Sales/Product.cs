namespace Rapport.Core.Sales;

/// <summary>Something the company sells; priced per currency by price lists.</summary>
public sealed class Product : Common.AuditedEntity, Common.ISearchable
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string? Unit { get; set; }
    public string? Category { get; set; }
    public bool Active { get; set; } = true;
    /// <summary>The lower-cased SKU and name, computed by the database: what the catalogue's text filter matches.</summary>
    public string SearchText { get; private set; } = "";
}
