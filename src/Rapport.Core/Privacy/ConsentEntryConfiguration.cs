namespace Rapport.Core.Privacy;

public sealed class ConsentEntryConfiguration : IEntityTypeConfiguration<ConsentEntry>
{
    public void Configure(EntityTypeBuilder<ConsentEntry> builder)
    {
        builder.ToTable("ConsentEntries");
        builder.Property(e => e.Purpose).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Source).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Address).HasMaxLength(ConsentEntry.MaxAddressLength);
        builder.Property(e => e.Proof).HasMaxLength(ConsentEntry.MaxProofLength);
        builder.HasOne(e => e.Customer).WithMany().HasForeignKey(e => e.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // A customer's ledger, newest first; and "may this address get this kind of message?" — the outbox asks it
        // for every marketing message, so it is a seek to the newest line.
        builder.HasIndex(e => new { e.CustomerId, e.At });
        builder.HasIndex(e => new { e.Address, e.Purpose, e.At });
    }
}
