namespace Rapport.Core.Preferences;

/// <summary>A named list filter a user saved for themselves ("My VIP customers"): the list it belongs to, the
/// filter and sort as JSON, and the columns shown.</summary>
public sealed class SavedView
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public required string List { get; init; }
    public required string Name { get; set; }
    public required string Query { get; set; }
    public string? Columns { get; set; }
    public DateTime CreatedAt { get; init; }
}

internal sealed class SavedViewConfiguration : IEntityTypeConfiguration<SavedView>
{
    public void Configure(EntityTypeBuilder<SavedView> b)
    {
        b.ToTable("SavedViews");
        b.Property(v => v.List).HasMaxLength(50);
        b.Property(v => v.Name).HasMaxLength(PreferenceService.ViewNameMax);
        b.Property(v => v.Query).HasMaxLength(4000);
        b.Property(v => v.Columns).HasMaxLength(1000);
        b.HasIndex(v => new { v.UserId, v.List, v.Name }).IsUnique();
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(v => v.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
