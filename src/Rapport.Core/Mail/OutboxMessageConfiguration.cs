namespace Rapport.Core.Mail;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.ToTable("OutboxMessages");
        builder.Property(m => m.FromAddress).HasMaxLength(320);
        builder.Property(m => m.FromName).HasMaxLength(200);
        builder.Property(m => m.To).HasMaxLength(4000);
        builder.Property(m => m.Cc).HasMaxLength(4000);
        builder.Property(m => m.ReplyTo).HasMaxLength(320);
        builder.Property(m => m.Subject).HasMaxLength(998);
        builder.Property(m => m.MessageId).HasMaxLength(250);
        builder.Property(m => m.InReplyTo).HasMaxLength(250);
        builder.Property(m => m.References).HasMaxLength(8000);
        builder.Property(m => m.Purpose).HasMaxLength(50);
        builder.Property(m => m.Correlation).HasMaxLength(100);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.HasIndex(m => m.MessageId).IsUnique();
        // The sender's claim: due queued messages, and sending ones whose lease ran out.
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
        // The outbox page: by state, newest first (ids are time-ordered).
        builder.HasIndex(m => new { m.State, m.Id });
        builder.HasIndex(m => m.ClaimToken);
        builder.HasIndex(m => new { m.Correlation, m.Id });
        // One campaign message per member (correlation campaign:{campaign}:{customer}): a resumed send never queues twice.
        builder.HasIndex(m => m.Correlation).IsUnique().HasFilter("\"Purpose\" = 'campaign'").HasDatabaseName("IX_OutboxMessages_CampaignMember");
    }
}
