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
        b.HasOwnerAndShares<AnalysisDocument, AnalysisDocumentShare>(s => s.DocumentId);
        b.HasIndex(d => new { d.OwnerId, d.Title });
    }
}

internal sealed class AnalysisDocumentShareConfiguration : IEntityTypeConfiguration<AnalysisDocumentShare>
{
    public void Configure(EntityTypeBuilder<AnalysisDocumentShare> b)
    {
        b.IsGrantTable("AnalysisDocumentShares", nameof(AnalysisDocumentShare.DocumentId));
    }
}
