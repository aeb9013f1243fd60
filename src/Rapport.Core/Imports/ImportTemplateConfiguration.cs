namespace Rapport.Core.Imports;

internal sealed class ImportTemplateConfiguration : IEntityTypeConfiguration<ImportTemplate>
{
    public void Configure(EntityTypeBuilder<ImportTemplate> b)
    {
        b.ToTable("ImportTemplates");
        b.Property(t => t.Entity).HasMaxLength(40);
        b.Property(t => t.Name).HasMaxLength(ImportTemplate.NameMax);
        b.Property(t => t.ColumnsJson).HasMaxLength(200_000);
        b.Property(t => t.MatchByJson).HasMaxLength(200);
        b.Property(t => t.DefaultCountry).HasMaxLength(100);
        b.Ignore(t => t.Columns);
        b.HasIndex(t => new { t.Entity, t.Name }).IsUnique();
    }
}
