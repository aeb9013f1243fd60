namespace Rapport.Core.Observability;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> b)
    {
        b.ToTable("Alerts");
        b.Property(a => a.Rule).HasMaxLength(Alert.RuleMax);
        b.Property(a => a.Subject).HasMaxLength(Alert.SubjectMax);
        b.Property(a => a.Detail).HasMaxLength(Alert.DetailMax);
        // De-duplication the database enforces: at most one open alert per rule and subject, even with two evaluators.
        b.HasIndex(a => new { a.Rule, a.Subject }).IsUnique().HasFilter("\"ClearedAt\" IS NULL");
        b.HasKeysetIndex(a => a.OpenedAt);
    }
}
