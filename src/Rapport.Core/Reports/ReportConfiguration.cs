namespace Rapport.Core.Reports;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("Reports");
        b.Property(r => r.Name).HasMaxLength(Report.NameMax);
        b.Property(r => r.Folder).HasMaxLength(Report.FolderMax);
        b.Property(r => r.Definition).HasMaxLength(Report.DefinitionMax);
        b.HasOwnerAndShares<Report, ReportShare>(s => s.ReportId);
        b.HasIndex(r => new { r.OwnerId, r.Folder, r.Name });
    }
}

internal sealed class ReportShareConfiguration : IEntityTypeConfiguration<ReportShare>
{
    public void Configure(EntityTypeBuilder<ReportShare> b)
    {
        b.IsGrantTable("ReportShares", nameof(ReportShare.ReportId));
    }
}
