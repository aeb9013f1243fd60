namespace Rapport.Core.Reports;

internal sealed class AnalysisDocumentConfiguration : IEntityTypeConfiguration<AnalysisDocument>
{
    public void Configure(EntityTypeBuilder<AnalysisDocument> b)
    {
        b.ToTable("AnalysisDocuments");
        b.Property(d => d.Title).HasMaxLength(AnalysisDocument.TitleMax);
        foreach (var section in new[] { nameof(AnalysisDocument.Summary), nameof(AnalysisDocument.Background), nameof(AnalysisDocument.Issues),
                     nameof(AnalysisDocument.Recommendations), nameof(AnalysisDocument.Conclusion) })
            b.Property<string?>(section).HasMaxLength(AnalysisDocument.SectionMax);
        b.Property(d => d.Reports).HasMaxLength(AnalysisDocument.ReportsMax);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Shares).WithOne().HasForeignKey(s => s.DocumentId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.OwnerId, d.Title });
    }
}

internal sealed class AnalysisDocumentShareConfiguration : IEntityTypeConfiguration<AnalysisDocumentShare>
{
    public void Configure(EntityTypeBuilder<AnalysisDocumentShare> b)
    {
        b.ToTable("AnalysisDocumentShares");
        b.Property(s => s.Target).HasMaxLength(256);
        b.HasIndex(s => new { s.Kind, s.Target });
        b.HasIndex(s => new { s.DocumentId, s.Kind, s.Target }).IsUnique();
    }
}
