using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Core.Data;
using Rapport.Core.Identity;

namespace Rapport.Core.Customers;

internal sealed class CustomerConfiguration(bool postgres) : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("Customers");
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Industry).HasMaxLength(100);
        b.Property(c => c.Source).HasMaxLength(100);
        b.Property(c => c.Notes).HasMaxLength(4000);
        b.Property(c => c.SearchText).HasMaxLength(2000);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Tier).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Stage).HasConversion<string>().HasMaxLength(20);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.OwnsMany(c => c.Addresses, a =>
        {
            a.ToJson();
        });
        b.HasMany(c => c.Channels).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Tags).WithOne().HasForeignKey(x => x.CustomerId).OnDelete(DeleteBehavior.Cascade);

        // Every sort and filter the list offers has an index ending in Id (the keyset tie-breaker).
        b.Property(c => c.NationalIdCipher).HasMaxLength(200);
        b.Property(c => c.NationalIdBlindIndex).HasMaxLength(64);
        b.Property(c => c.BankAccountCipher).HasMaxLength(200);
        b.Property(c => c.BankAccountBlindIndex).HasMaxLength(64);
        b.Property(c => c.DateOfBirthCipher).HasMaxLength(200);
        b.Property(c => c.PiiKeyId).HasMaxLength(40);
        b.HasIndex(c => c.NationalIdBlindIndex);
        b.HasIndex(c => c.BankAccountBlindIndex);
        b.HasIndex(c => new { c.PiiKeyId, c.Id });
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => new { c.CreatedAt, c.Id });
        b.HasIndex(c => new { c.UpdatedAt, c.Id });
        b.HasIndex(c => new { c.Name, c.Id });
        b.HasIndex(c => new { c.OwnerId, c.CreatedAt, c.Id });
        b.HasIndex(c => new { c.Tier, c.CreatedAt, c.Id });
        b.HasIndex(c => new { c.Stage, c.CreatedAt, c.Id });
        b.HasIndex(c => c.DeletedAt);
        if (postgres)
        {
            b.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
            // Sorting by name in pinyin order (NameCollation); on SQLite the migration creates the same index.
            b.HasIndex(c => new { c.Name, c.Id }, "IX_Customers_Name_Pinyin").UseCollation(NameCollation.Postgres, null!);
        }
    }
}
