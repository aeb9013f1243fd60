using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Rapport.Core.Data;

/// <summary>
/// The one place that stamps <see cref="AuditedEntity"/> records: created at/by on insert, updated at/by and the next
/// version on every save that changes the record or one of its child rows (a customer's phones, a quote's lines).
/// The clock is the application's <see cref="TimeProvider"/>, the user the context's caller.
/// </summary>
public sealed class StampInterceptor(TimeProvider clock) : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext? context)
    {
        if (context is null) return;
        context.ChangeTracker.DetectChanges();
        var now = clock.GetUtcNow().UtcDateTime;
        var by = (context as RapportDbContext)?.Caller?.Id;
        var entries = context.ChangeTracker.Entries().ToList();
        var changed = new Dictionary<object, EntityEntry>(ReferenceEqualityComparer.Instance);
        foreach (var entry in entries.Where(e => e.Entity is AuditedEntity && e.State is EntityState.Added or EntityState.Modified))
            changed[entry.Entity] = entry;
        // Only an unchanged parent needs finding (a changed one is stamped anyway); looked up by key, not by scanning
        // the tracker once per child (an import batch tracks thousands of both).
        var unchanged = entries.Where(e => e.State == EntityState.Unchanged && e.Entity is AuditedEntity)
            .ToLookup(e => (e.Metadata, Key: KeyOf(e, e.Metadata.FindPrimaryKey()!.Properties.Select(p => p.Name), original: false)));
        foreach (var parent in entries.Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).SelectMany(e => Parents(unchanged, e)))
            changed.TryAdd(parent.Entity, parent);

        foreach (var entry in changed.Values)
        {
            var entity = (AuditedEntity)entry.Entity;
            entity.OnSaving();
            if (entry.State == EntityState.Added)
            {
                var stamps = Added(entity, now, by);
                Set(entry, nameof(AuditedEntity.CreatedAt), stamps.CreatedAt);
                Set(entry, nameof(AuditedEntity.CreatedById), stamps.CreatedById);
                Set(entry, nameof(AuditedEntity.UpdatedAt), stamps.UpdatedAt);
                Set(entry, nameof(AuditedEntity.UpdatedById), stamps.UpdatedById);
                continue;
            }
            Set(entry, nameof(AuditedEntity.UpdatedAt), now);
            Set(entry, nameof(AuditedEntity.UpdatedById), by);
            var version = entry.Property(nameof(AuditedEntity.Version));
            version.CurrentValue = (long)version.OriginalValue! + 1;
        }
    }

    /// <summary>The stamps of a new record (also for <see cref="BulkInsert"/>, which bypasses the tracker). Imports and
    /// conversions may carry the original creation; everything else is created now, by the caller.</summary>
    internal static (DateTime CreatedAt, Guid? CreatedById, DateTime UpdatedAt, Guid? UpdatedById) Added(AuditedEntity entity, DateTime now, Guid? by)
    {
        var created = entity.CreatedAt == default ? now : entity.CreatedAt;
        return (created, entity.CreatedById ?? by, entity.UpdatedAt == default ? created : entity.UpdatedAt, entity.UpdatedById ?? entity.CreatedById ?? by);
    }

    private static void Set(EntityEntry entry, string property, object? value) => entry.Property(property).CurrentValue = value;

    /// <summary>The unchanged audited records a changed child row belongs to: principals that hold it in a collection.</summary>
    private static IEnumerable<EntityEntry> Parents(ILookup<(IEntityType, string), EntityEntry> unchanged, EntityEntry child)
    {
        if (child.Entity is AuditedEntity) yield break;
        foreach (var fk in child.Metadata.GetForeignKeys())
        {
            if (fk.PrincipalToDependent is not { IsCollection: true } || !typeof(AuditedEntity).IsAssignableFrom(fk.PrincipalEntityType.ClrType)) continue;
            if (!fk.PrincipalKey.IsPrimaryKey()) continue;
            var key = KeyOf(child, fk.Properties.Select(p => p.Name), original: child.State == EntityState.Deleted);
            if (key.Length == 0) continue;
            foreach (var parent in unchanged[(fk.PrincipalEntityType, key)]) yield return parent;
        }
    }

    /// <summary>The values of <paramref name="properties"/> as one comparable string; empty when one is null.</summary>
    private static string KeyOf(EntityEntry entry, IEnumerable<string> properties, bool original)
    {
        var values = properties.Select(p => original ? entry.Property(p).OriginalValue : entry.Property(p).CurrentValue).ToList();
        return values.Any(v => v is null) ? "" : string.Join('\u001f', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
    }
}
