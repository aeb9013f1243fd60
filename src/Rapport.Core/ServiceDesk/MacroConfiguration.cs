namespace Rapport.Core.ServiceDesk;

internal sealed class MacroConfiguration : IEntityTypeConfiguration<Macro>
{
    public void Configure(EntityTypeBuilder<Macro> b)
    {
        b.ToTable("Macros");
        b.Property(m => m.Name).HasMaxLength(Macro.NameMax);
        b.Property(m => m.Body).HasMaxLength(Macro.BodyMax);
        b.Property(m => m.Language).HasMaxLength(10);
        b.HasIndex(m => new { m.Language, m.Name }).IsUnique();
    }
}
