namespace Rapport.Core.Quality;

internal sealed class CustomerMergeConfiguration : IEntityTypeConfiguration<CustomerMerge>
{
    public void Configure(EntityTypeBuilder<CustomerMerge> b)
    {
        b.ToTable("CustomerMerges");
        b.Property(m => m.Taken).HasMaxLength(400);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.SurvivorId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(m => m.LoserId).OnDelete(DeleteBehavior.Cascade);
        b.HasKeysetIndex(m => new { m.SurvivorId, m.CreatedAt });
        b.HasIndex(m => m.LoserId);
    }
}
