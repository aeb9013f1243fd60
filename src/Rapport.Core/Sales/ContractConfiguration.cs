namespace Rapport.Core.Sales;

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("Contracts");
        b.HasNumber(c => c.Number);
        b.Property(c => c.Title).HasMaxLength(OpportunityRules.NameMax);
        b.HasCurrencyCode(c => c.Currency);
        b.Property(c => c.EndReason).HasMaxLength(500);
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opportunity>().WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(c => new { c.CustomerId, c.StartDate });
        // The daily job: active contracts by end date.
        b.HasIndex(c => new { c.Status, c.EndDate });
        b.HasKeysetIndex(c => c.CreatedAt);
    }
}
