namespace Rapport.Core.Sales;

internal sealed class PipelineStageConfiguration : IEntityTypeConfiguration<PipelineStage>
{
    public void Configure(EntityTypeBuilder<PipelineStage> b)
    {
        b.ToTable("PipelineStages");
        b.Property(s => s.Name).HasMaxLength(OpportunityRules.ShortTextMax);
        b.Property(s => s.NameZh).HasMaxLength(OpportunityRules.ShortTextMax);
        b.Ignore(s => s.Label);
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(s => new { s.PipelineId, s.Order });
    }
}
