namespace Rapport.Core.Dashboards;

internal sealed class DashboardConfiguration : IEntityTypeConfiguration<Dashboard>
{
    public void Configure(EntityTypeBuilder<Dashboard> b)
    {
        b.ToTable("Dashboards");
        b.Property(d => d.Name).HasMaxLength(Dashboard.NameMax);
        b.Property(d => d.Widgets).HasMaxLength(Dashboard.WidgetsMax);
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Shares).WithOne().HasForeignKey(s => s.DashboardId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.OwnerId, d.Name });
    }
}

internal sealed class DashboardShareConfiguration : IEntityTypeConfiguration<DashboardShare>
{
    public void Configure(EntityTypeBuilder<DashboardShare> b)
    {
        b.ToTable("DashboardShares");
        b.Property(s => s.Target).HasMaxLength(256);
        b.HasIndex(s => new { s.Kind, s.Target });
        b.HasIndex(s => new { s.DashboardId, s.Kind, s.Target }).IsUnique();
    }
}
