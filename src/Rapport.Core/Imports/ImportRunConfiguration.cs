namespace Rapport.Core.Imports;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> b)
    {
        b.ToTable("ImportRuns");
        b.Property(r => r.Entity).HasMaxLength(40);
        b.Property(r => r.FileName).HasMaxLength(255);
        b.Property(r => r.Format).HasMaxLength(10);
        b.Property(r => r.Encoding).HasMaxLength(40);
        b.Property(r => r.Delimiter).HasMaxLength(4);
        b.Property(r => r.MappingJson).HasMaxLength(20000);
        b.Property(r => r.Error).HasMaxLength(1000);
        b.Ignore(r => r.Done);
        // Two runners of one run (a resume while the first still lives): the second to commit a batch fails, never doubles rows.
        b.Property(r => r.LastCommittedRow).IsConcurrencyToken();
        b.HasKeysetIndex(r => r.CreatedAt);
    }
}

internal sealed class ImportRunRowConfiguration : IEntityTypeConfiguration<ImportRunRow>
{
    public void Configure(EntityTypeBuilder<ImportRunRow> b)
    {
        b.ToTable("ImportRunRows");
        b.HasKey(r => new { r.RunId, r.RowNumber });
        b.HasOne<ImportRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.RunId, r.Kind, r.RowNumber });
        b.HasIndex(r => r.RecordId);
    }
}
