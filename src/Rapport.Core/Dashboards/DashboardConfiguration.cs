namespace Rapport.Core.Dashboards;

internal sealed class DashboardConfiguration : IEntityTypeConfiguration<Dashboard>
{
    public void Configure(EntityTypeBuilder<Dashboard> b)
    {
        b.ToTable("Dashboards");
        b.Property(d => d.Name).HasMaxLength(Dashboard.NameMax);
        b.Property(d => d.Widgets).HasMaxLength(Dashboard.WidgetsMax);
        b.HasOwnerAndShares<Dashboard, DashboardShare>(s => s.DashboardId);
        b.HasIndex(d => new { d.OwnerId, d.Name });
    }
}

internal sealed class DashboardShareConfiguration : IEntityTypeConfiguration<DashboardShare>
{
    public void Configure(EntityTypeBuilder<DashboardShare> b)
    {
        b.IsGrantTable("DashboardShares", nameof(DashboardShare.DashboardId));
    }
}
