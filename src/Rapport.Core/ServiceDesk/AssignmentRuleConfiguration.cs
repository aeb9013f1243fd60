namespace Rapport.Core.ServiceDesk;

internal sealed class AssignmentRuleConfiguration : IEntityTypeConfiguration<AssignmentRule>
{
    public void Configure(EntityTypeBuilder<AssignmentRule> b)
    {
        b.ToTable("AssignmentRules");
        b.Property(r => r.Name).HasMaxLength(AssignmentRule.NameMax);
        // Read and written whole with the rule, never filtered in SQL (ADR-015's reasoning for JSON columns).
        b.Property(r => r.Keywords).AsJson().HasMaxLength((AssignmentRule.KeywordMax + 4) * AssignmentRule.KeywordsMax + 2);
        // A team or category that goes takes its rules with it: a rule without its queue routes nowhere.
        b.HasOne<Team>().WithMany().HasForeignKey(r => r.QueueId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CaseCategory>().WithMany().HasForeignKey(r => r.CategoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.Sort, r.Id });
    }
}
