namespace Rapport.Core.Reports;

internal sealed class ReportConfiguration : IEntityTypeConfiguration<Report>
{
    public void Configure(EntityTypeBuilder<Report> b)
    {
        b.ToTable("Reports");
        b.Property(r => r.Name).HasMaxLength(Report.NameMax);
        b.Property(r => r.Folder).HasMaxLength(Report.FolderMax);
        b.Property(r => r.Definition).HasMaxLength(Report.DefinitionMax);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(r => r.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Shares).WithOne().HasForeignKey(s => s.ReportId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.OwnerId, r.Folder, r.Name });
    }
}

internal sealed class ReportShareConfiguration : IEntityTypeConfiguration<ReportShare>
{
    public void Configure(EntityTypeBuilder<ReportShare> b)
    {
        b.ToTable("ReportShares");
        b.Property(s => s.Target).HasMaxLength(256);
        b.HasIndex(s => new { s.Kind, s.Target });
        b.HasIndex(s => new { s.ReportId, s.Kind, s.Target }).IsUnique();
    }
}
