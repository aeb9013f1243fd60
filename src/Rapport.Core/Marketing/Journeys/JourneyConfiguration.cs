namespace Rapport.Core.Marketing.Journeys;

internal sealed class JourneyConfiguration : IEntityTypeConfiguration<Journey>
{
    public void Configure(EntityTypeBuilder<Journey> b)
    {
        b.ToTable("Journeys");
        b.Property(j => j.Name).HasMaxLength(Journey.NameMax);
        b.HasOwner(j => j.OwnerId);
        b.HasMany(j => j.Steps).WithOne().HasForeignKey(s => s.JourneyId).OnDelete(DeleteBehavior.Cascade);
        b.HasKeysetIndex(j => j.CreatedAt);
    }
}
