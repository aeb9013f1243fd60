namespace Rapport.Core.Mail;

public sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("InboundMessages");
        builder.Property(m => m.MessageId).HasMaxLength(250);
        builder.Property(m => m.From).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(998);
        builder.Property(m => m.Reason).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.HasIndex(m => new { m.MailboxId, m.UidValidity, m.Uid }).IsUnique();
        // A message seen again under a new UIDVALIDITY is recognised by its Message-ID.
        builder.HasIndex(m => new { m.MailboxId, m.MessageId });
        builder.HasIndex(m => new { m.MailboxId, m.Id });
        builder.HasOne<Mailbox>().WithMany().HasForeignKey(m => m.MailboxId).OnDelete(DeleteBehavior.Cascade);
    }
}
