using Rapport.Core.Customers;

namespace Rapport.Core.Quality;

/// <summary>Keeps a customer's name blocking keys in step with its name and first city on every save (no query:
/// the values come from the tracked entity). Customers written around EF (an old import) get theirs from the scan's
/// backfill.</summary>
public sealed class MatchKeyInterceptor : BeforeSaveInterceptor
{
    protected override void BeforeSave(DbContext? context)
    {
        if (context is null) return;
        foreach (var entry in context.ChangeTracker.Entries<Customer>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var (name, block) = KeysOf(entry.Entity);
            Set(entry.Property<string?>(CustomerMatchConfiguration.MatchName), name);
            Set(entry.Property<string?>(CustomerMatchConfiguration.MatchBlock), block);
        }
    }

    internal static (string? Name, string? Block) KeysOf(Customer c)
    {
        var name = MatchKeys.Name(c.Name);
        return (name, MatchKeys.Block(name, c.Addresses.Select(a => a.City).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x))));
    }

    private static void Set(Microsoft.EntityFrameworkCore.ChangeTracking.PropertyEntry<Customer, string?> p, string? value)
    {
        if (!string.Equals(p.CurrentValue, value, StringComparison.Ordinal)) p.CurrentValue = value;
    }
}
