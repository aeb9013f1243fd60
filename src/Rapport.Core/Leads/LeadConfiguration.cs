using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Identity;

namespace Rapport.Core.Leads;

internal sealed class LeadConfiguration(bool postgres) : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.ToTable("Leads");
        b.Property(l => l.Name).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.Company).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.CompanyKey).HasMaxLength(LeadRules.NameMax);
        b.Property(l => l.Title).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Email).HasMaxLength(320);
        b.Property(l => l.Phone).HasMaxLength(40);
        b.Property(l => l.Source).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Industry).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Region).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Country).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.City).HasMaxLength(LeadRules.ShortTextMax);
        b.Property(l => l.Notes).HasMaxLength(LeadRules.NotesMax);
        b.Property(l => l.DisqualifyReason).HasMaxLength(500);
        b.Property(l => l.SearchText).HasMaxLength(1000);
        b.Property(l => l.Status).HasConversion<string>().HasMaxLength(20);
        b.OwnsMany(l => l.ScoreParts, p => p.ToJson());
        b.HasOne<AppUser>().WithMany().HasForeignKey(l => l.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<LeadForm>().WithMany().HasForeignKey(l => l.FormId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Customers.Customer>().WithMany().HasForeignKey(l => l.CustomerId).OnDelete(DeleteBehavior.SetNull);

        // Every sort and filter of the list has an index ending in Id (the keyset tie-breaker); duplicates are
        // looked up by exact email, phone and company key.
        b.HasIndex(l => new { l.CreatedAt, l.Id });
        b.HasIndex(l => new { l.Score, l.Id });
        b.HasIndex(l => new { l.Status, l.CreatedAt, l.Id });
        b.HasIndex(l => new { l.OwnerId, l.CreatedAt, l.Id });
        b.HasIndex(l => l.Email);
        b.HasIndex(l => l.Phone);
        b.HasIndex(l => l.CompanyKey);
        b.HasIndex(l => l.FormId);
        b.HasIndex(l => l.CustomerId);
        if (postgres)
            b.HasIndex(l => l.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
