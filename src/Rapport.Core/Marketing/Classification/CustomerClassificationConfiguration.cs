namespace Rapport.Core.Marketing.Classification;

internal sealed class CustomerClassificationConfiguration : IEntityTypeConfiguration<CustomerClassification>
{
    public void Configure(EntityTypeBuilder<CustomerClassification> b)
    {
        b.ToTable("CustomerClassifications");
        b.HasKey(k => k.CustomerId);
        b.Property(k => k.CustomerId).ValueGeneratedNever();
        b.HasOne(k => k.Customer).WithOne().HasForeignKey<CustomerClassification>(k => k.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(k => new { k.Behaviour, k.CustomerId });
    }
}
