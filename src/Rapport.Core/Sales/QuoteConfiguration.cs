namespace Rapport.Core.Sales;

internal sealed class QuoteConfiguration : IEntityTypeConfiguration<Quote>
{
    public void Configure(EntityTypeBuilder<Quote> b)
    {
        b.ToTable("Quotes");
        b.HasNumber(q => q.Number, unique: false);
        b.HasCurrencyCode(q => q.Currency);
        b.Property(q => q.Notes).HasMaxLength(4000);
        b.HasOne(q => q.Opportunity).WithMany().HasForeignKey(q => q.OpportunityId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(q => q.Lines).WithOne().HasForeignKey(l => l.QuoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(q => new { q.Number, q.Revision }).IsUnique();
        b.HasIndex(q => new { q.OpportunityId, q.CreatedAt });
    }
}
