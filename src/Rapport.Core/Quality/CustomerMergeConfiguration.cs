namespace Rapport.Core.Quality;

internal sealed class CustomerMergeConfiguration : IEntityTypeConfiguration<CustomerMerge>
{
    public void Configure(EntityTypeBuilder<CustomerMerge> b)
    {
        b.ToTable("CustomerMerges");
        b.Property(m => m.Taken).HasMaxLength(400);
        // No foreign key: survivor and loser are customers, contacts or leads by Kind. A merge is reached only through its
        // survivor in the caller's scope, so one whose survivor was deleted for good is simply out of reach.
        b.HasKeysetIndex(m => new { m.SurvivorId, m.CreatedAt });
        b.HasIndex(m => m.LoserId);
    }
}
