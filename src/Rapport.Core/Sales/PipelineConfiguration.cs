namespace Rapport.Core.Sales;

internal sealed class PipelineConfiguration : IEntityTypeConfiguration<Pipeline>
{
    public void Configure(EntityTypeBuilder<Pipeline> b)
    {
        b.ToTable("Pipelines");
        b.Property(p => p.Name).HasMaxLength(OpportunityRules.NameMax);
        b.HasMany(p => p.Stages).WithOne().HasForeignKey(s => s.PipelineId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(p => p.Name).IsUnique();
    }
}
