namespace Rapport.Core.Quality;

internal sealed class DuplicatePairConfiguration : IEntityTypeConfiguration<DuplicatePair>
{
    public void Configure(EntityTypeBuilder<DuplicatePair> b)
    {
        b.ToTable("DuplicatePairs");
        b.Property(p => p.Reasons).HasConversion<int>();
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(p => p.CustomerAId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(p => p.CustomerBId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => new { p.CustomerAId, p.CustomerBId }).IsUnique();
        b.HasIndex(p => p.CustomerBId);
        // The review list: open pairs, best score first.
        b.HasKeysetIndex(p => new { p.Status, p.Score });
    }
}
