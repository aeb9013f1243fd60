using Microsoft.EntityFrameworkCore.ChangeTracking;
using Rapport.Core.Customers;
using Rapport.Core.Leads;

namespace Rapport.Core.Quality;

/// <summary>Keeps the blocking keys of customers, contacts and leads in step with their fields on every save (no query:
/// the values come from the tracked entity). Rows written around EF (an old import) get theirs from the scan's
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
            Set(entry, CustomerMatchConfiguration.MatchName, name);
            Set(entry, CustomerMatchConfiguration.MatchBlock, block);
        }
        foreach (var entry in context.ChangeTracker.Entries<Contact>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            var (name, email, phone) = KeysOf(entry.Entity);
            Set(entry, ContactMatchConfiguration.MatchName, name);
            Set(entry, ContactMatchConfiguration.MatchEmail, email);
            Set(entry, ContactMatchConfiguration.MatchPhone, phone);
        }
        foreach (var entry in context.ChangeTracker.Entries<Lead>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            Set(entry, LeadMatchConfiguration.MatchName, KeyOf(entry.Entity));
        }
    }

    internal static (string? Name, string? Block) KeysOf(Customer c)
    {
        var name = MatchKeys.Name(c.Name);
        return (name, MatchKeys.Block(name, c.Addresses.Select(a => a.City).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x))));
    }

    /// <summary>A contact's name key and its first email and phone (stored normalised already: lower-cased, E.164); the
    /// scan reads the further ones from the lists.</summary>
    internal static (string? Name, string? Email, string? Phone) KeysOf(Contact c) =>
        (MatchKeys.Name(c.Name), Short(c.Emails.FirstOrDefault(), ContactMatchConfiguration.EmailMax),
            Short(c.Phones.FirstOrDefault(), ContactMatchConfiguration.PhoneMax));

    internal static string? KeyOf(Lead l) => MatchKeys.CompanyAndName(l.Company, l.Name);

    // A value too long for its key column is no key (an over-long address cannot be the same as a normal one anyway).
    private static string? Short(string? value, int max) => string.IsNullOrEmpty(value) || value.Length > max ? null : value;

    private static void Set<T>(EntityEntry<T> entry, string property, string? value) where T : class
    {
        var p = entry.Property<string?>(property);
        if (!string.Equals(p.CurrentValue, value, StringComparison.Ordinal)) p.CurrentValue = value;
    }
}
