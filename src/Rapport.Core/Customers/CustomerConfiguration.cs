namespace Rapport.Core.Customers;

internal sealed class CustomerConfiguration(bool postgres) : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("Customers");
        b.HasNumber(c => c.Number);
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Industry).HasMaxLength(100);
        b.Property(c => c.Source).HasMaxLength(100);
        b.Property(c => c.Notes).HasMaxLength(4000);
        b.HasSearchText(2000, postgres);
        b.HasOwner(c => c.OwnerId);
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
        b.HasKeysetIndex(c => c.PiiKeyId);
        // On PostgreSQL the two orders a list opens in (newest first, by name) also carry what a broad filter tests on
        // each row it walks: the bin, the search text and the tags. The walk then reads no table page.
        string[] covered = [nameof(Customer.DeletedAt), nameof(Customer.SearchText), CustomerListsSchema.Tags];
        var created = b.HasKeysetIndex(c => c.CreatedAt);
        if (postgres) created.IncludeProperties(covered);
        b.HasKeysetIndex(c => c.UpdatedAt);
        b.HasKeysetIndex(c => c.Name);
        b.HasKeysetIndex(c => new { c.OwnerId, c.CreatedAt });
        b.HasKeysetIndex(c => new { c.Tier, c.CreatedAt });
        b.HasKeysetIndex(c => new { c.Stage, c.CreatedAt });
        b.HasIndex(c => c.DeletedAt);
        // Deals, quotes and cases hide those of customers in the recycle bin by joining the customer on its id: with
        // this index the join reads no customer row (an owner's board totals 20,000 deals: each a customer probe).
        b.HasIndex(c => new { c.Id, c.DeletedAt });
        b.HasIndex(c => c.FirstCampaignId);
        // Sorting by name in pinyin order (NameCollation); on SQLite the migration creates the same index.
        if (postgres) b.HasIndex(c => new { c.Name, c.Id }, "IX_Customers_Name_Pinyin").UseCollation(NameCollation.Postgres, null!).IncludeProperties(covered);
        // The channels and tags as the export reads them, kept by triggers (CustomerListsSchema): never written by EF,
        // nor read back after a save.
        if (postgres)
            foreach (var list in new[] { CustomerListsSchema.Channels, CustomerListsSchema.Tags })
            {
                var p = b.Property<string>(list).IsRequired().HasDefaultValue("").ValueGeneratedNever().Metadata;
                p.SetBeforeSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
                p.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Ignore);
            }
    }
}
