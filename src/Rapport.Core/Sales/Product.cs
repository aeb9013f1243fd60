using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

/// <summary>Something the company sells; priced per currency by price lists.</summary>
public sealed class Product
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string? Unit { get; set; }
    public string? Category { get; set; }
    public bool Active { get; set; } = true;
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Prices in one currency, valid from a date (and until one, if given).</summary>
public sealed class PriceList
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public required string Currency { get; set; }
    public DateOnly ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    public List<PriceListItem> Items { get; init; } = [];
    public DateTime UpdatedAt { get; set; }
}

public sealed class PriceListItem
{
    public Guid PriceListId { get; init; }
    public Guid ProductId { get; init; }
    public long UnitPriceMinor { get; set; }
}

internal sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("Products");
        b.Property(p => p.Sku).HasMaxLength(64);
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.Property(p => p.Unit).HasMaxLength(20);
        b.Property(p => p.Category).HasMaxLength(OpportunityRules.ShortTextMax);
        b.HasIndex(p => p.Sku).IsUnique();
        b.HasIndex(p => new { p.Active, p.Name, p.Id });
    }
}

internal sealed class PriceListConfiguration : IEntityTypeConfiguration<PriceList>
{
    public void Configure(EntityTypeBuilder<PriceList> b)
    {
        b.ToTable("PriceLists");
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.Property(p => p.Currency).HasMaxLength(3);
        b.HasMany(p => p.Items).WithOne().HasForeignKey(i => i.PriceListId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.Currency, p.ValidFrom });
    }
}

internal sealed class PriceListItemConfiguration : IEntityTypeConfiguration<PriceListItem>
{
    public void Configure(EntityTypeBuilder<PriceListItem> b)
    {
        b.ToTable("PriceListItems");
        b.HasKey(i => new { i.PriceListId, i.ProductId });
        b.HasOne<Product>().WithMany().HasForeignKey(i => i.ProductId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.ProductId);
    }
}
