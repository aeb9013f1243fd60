namespace Rapport.Core.Marketing.Classification;

internal sealed class ClassificationChangeConfiguration : IEntityTypeConfiguration<ClassificationChange>
{
    public void Configure(EntityTypeBuilder<ClassificationChange> b)
    {
        b.ToTable("ClassificationChanges");
        b.Property(c => c.Field).HasMaxLength(ClassificationChange.ValueMax);
        b.Property(c => c.From).HasMaxLength(ClassificationChange.ValueMax);
        b.Property(c => c.To).HasMaxLength(ClassificationChange.ValueMax);
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.CustomerId, c.At });
    }
}
