namespace Rapport.Core.Quality;

internal sealed class DuplicatePairConfiguration : IEntityTypeConfiguration<DuplicatePair>
{
    public void Configure(EntityTypeBuilder<DuplicatePair> b)
    {
        b.ToTable("DuplicatePairs");
        b.Property(p => p.Reasons).HasConversion<int>();
        // No foreign key: A and B are customers, contacts or leads by Kind. A pair whose record was deleted for good is
        // dropped by the next scan (DuplicateScan.DropOrphansAsync); until then the list's scope join hides it.
        b.HasIndex(p => new { p.Kind, p.AId, p.BId }).IsUnique();
        b.HasIndex(p => p.BId);
        // The review list: open pairs, best score first; and the same for one kind.
        b.HasKeysetIndex(p => new { p.Status, p.Score });
        b.HasKeysetIndex(p => new { p.Kind, p.Status, p.Score });
    }
}
