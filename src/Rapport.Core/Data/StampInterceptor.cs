using Microsoft.EntityFrameworkCore.ChangeTracking;

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
        foreach (var parent in entries.Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted).SelectMany(e => Parents(context, e)))
            if (parent.State == EntityState.Unchanged) changed.TryAdd(parent.Entity, parent);

        foreach (var entry in changed.Values)
        {
            var entity = (AuditedEntity)entry.Entity;
            entity.OnSaving();
            if (entry.State == EntityState.Added)
            {
                // Imports and conversions may carry the original creation; everything else is created now, by the caller.
                var created = entity.CreatedAt == default ? now : entity.CreatedAt;
                Set(entry, nameof(AuditedEntity.CreatedAt), created);
                if (entity.CreatedById is null) Set(entry, nameof(AuditedEntity.CreatedById), by);
                if (entity.UpdatedAt == default) Set(entry, nameof(AuditedEntity.UpdatedAt), created);
                if (entity.UpdatedById is null) Set(entry, nameof(AuditedEntity.UpdatedById), entity.CreatedById ?? by);
                continue;
            }
            Set(entry, nameof(AuditedEntity.UpdatedAt), now);
            Set(entry, nameof(AuditedEntity.UpdatedById), by);
            var version = entry.Property(nameof(AuditedEntity.Version));
            version.CurrentValue = (long)version.OriginalValue! + 1;
        }
    }

    private static void Set(EntityEntry entry, string property, object? value) => entry.Property(property).CurrentValue = value;

    /// <summary>The audited records a changed child row belongs to: principals that hold it in a collection.</summary>
    private static IEnumerable<EntityEntry> Parents(DbContext context, EntityEntry child)
    {
        if (child.Entity is AuditedEntity) yield break;
        foreach (var fk in child.Metadata.GetForeignKeys())
        {
            if (fk.PrincipalToDependent is not { IsCollection: true } || !typeof(AuditedEntity).IsAssignableFrom(fk.PrincipalEntityType.ClrType)) continue;
            var key = fk.Properties.Select(p => child.State == EntityState.Deleted ? child.Property(p.Name).OriginalValue : child.Property(p.Name).CurrentValue).ToArray();
            if (key.Any(k => k is null)) continue;
            var principalKey = fk.PrincipalKey.Properties;
            foreach (var parent in context.ChangeTracker.Entries().Where(e => e.Metadata == fk.PrincipalEntityType))
                if (principalKey.Select(p => parent.Property(p.Name).CurrentValue).SequenceEqual(key))
                    yield return parent;
        }
    }
}
