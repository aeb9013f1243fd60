using System.Linq.Expressions;

namespace Rapport.Core.Common;

/// <summary>The mapping every shared definition has the same way: its owner (deleting the user deletes their
/// definitions) and its grants (a table of their own, deleted with the definition, one grant per target).</summary>
internal static class SharedDefinitionMapping
{
    /// <summary>The owner and the grants of <typeparamref name="TItem"/>, whose grants point at it by <paramref name="key"/>.</summary>
    public static void HasOwnerAndShares<TItem, TShare>(this EntityTypeBuilder<TItem> b, Expression<Func<TShare, object?>> key)
        where TItem : SharedDefinition<TShare> where TShare : ShareGrant
    {
        b.HasOne<Identity.AppUser>().WithMany().HasForeignKey(d => d.OwnerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Shares).WithOne().HasForeignKey(key).OnDelete(DeleteBehavior.Cascade);
    }

    /// <summary>A grants table: found by target (whom it reaches), one grant per definition and target.</summary>
    public static void IsGrantTable<TShare>(this EntityTypeBuilder<TShare> b, string table, string key) where TShare : ShareGrant
    {
        b.ToTable(table);
        b.Property(s => s.Target).HasMaxLength(256);
        b.HasIndex(s => new { s.Kind, s.Target });
        b.HasIndex(key, nameof(ShareGrant.Kind), nameof(ShareGrant.Target)).IsUnique();
    }
}
