using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Rapport.Core.Customers;
using Rapport.Core.Identity;

namespace Rapport.Core.Data;

/// <summary>The one EF Core model; the provider (SQLite or PostgreSQL) is chosen by configuration.</summary>
public sealed class RapportDbContext(DbContextOptions<RapportDbContext> options)
    : IdentityDbContext<AppUser, IdentityRole<Guid>, Guid>(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<CustomerChannel> CustomerChannels => Set<CustomerChannel>();
    public DbSet<CustomerTag> CustomerTags => Set<CustomerTag>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Interaction> Interactions => Set<Interaction>();
    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();
    public DbSet<NumberSequence> NumberSequences => Set<NumberSequence>();

    public bool IsPostgres => Database.IsNpgsql();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        var pg = IsPostgres;
        if (pg) builder.HasPostgresExtension("pg_trgm");

        builder.ApplyConfiguration(new CustomerConfiguration(pg));
        builder.ApplyConfiguration(new CustomerChannelConfiguration());
        builder.ApplyConfiguration(new CustomerTagConfiguration());
        builder.ApplyConfiguration(new ContactConfiguration(pg));
        builder.ApplyConfiguration(new InteractionConfiguration());

        builder.Entity<NumberSequence>(b =>
        {
            b.ToTable("NumberSequences");
            b.HasKey(s => s.Key);
            b.Property(s => s.Key).HasMaxLength(100);
        });
        builder.Entity<PersonalAccessToken>(b =>
        {
            b.ToTable("PersonalAccessTokens");
            b.Property(t => t.Name).HasMaxLength(100);
            b.Property(t => t.TokenHash).HasMaxLength(64);
            b.Property(t => t.Prefix).HasMaxLength(16);
            b.HasIndex(t => t.TokenHash).IsUnique();
            b.HasIndex(t => new { t.UserId, t.CreatedAt });
            b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(200);
            b.Property(u => u.Culture).HasMaxLength(10);
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime is UTC; SQLite gives back Unspecified, so stamp the kind on the way out.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcNullableDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class UtcNullableDateTimeConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
