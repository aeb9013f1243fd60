using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
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
        b.Property(c => c.Version).IsConcurrencyToken();
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
            b.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class CustomerChannelConfiguration : IEntityTypeConfiguration<CustomerChannel>
{
    public void Configure(EntityTypeBuilder<CustomerChannel> b)
    {
        b.ToTable("CustomerChannels");
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Value).HasMaxLength(320);
        b.Property(c => c.Label).HasMaxLength(50);
        b.HasIndex(c => new { c.Kind, c.Value });
        b.HasIndex(c => c.CustomerId);
    }
}

internal sealed class CustomerTagConfiguration : IEntityTypeConfiguration<CustomerTag>
{
    public void Configure(EntityTypeBuilder<CustomerTag> b)
    {
        b.ToTable("CustomerTags");
        b.HasKey(t => new { t.CustomerId, t.Name });
        b.Property(t => t.Name).HasMaxLength(50);
        b.HasIndex(t => new { t.Name, t.CustomerId });
    }
}

internal sealed class ContactConfiguration(bool postgres) : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> b)
    {
        b.ToTable("Contacts");
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.Title).HasMaxLength(100);
        b.Property(c => c.Department).HasMaxLength(100);
        b.Property(c => c.SearchText).HasMaxLength(2000);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.CustomerId, c.Name, c.Id });
        if (postgres)
            b.HasIndex(c => c.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.ToTable("Interactions");
        b.Property(i => i.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Subject).HasMaxLength(CustomerRules.SubjectMax);
        b.Property(i => i.Content).HasMaxLength(CustomerRules.ContentMax);
        b.Property(i => i.Outcome).HasMaxLength(2000);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne(i => i.Customer).WithMany().HasForeignKey(i => i.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Contact>().WithMany().HasForeignKey(i => i.ContactId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(i => new { i.CustomerId, i.OccurredAt, i.Id });
        b.HasIndex(i => i.ContactId);
        b.HasIndex(i => new { i.CreatedById, i.Done, i.DueAt });
    }
}
