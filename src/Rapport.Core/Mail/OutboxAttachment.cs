namespace Rapport.Core.Mail;

/// <summary>A file sent with an outgoing message (a scheduled report), kept with it until it is delivered or given up on.</summary>
public sealed class OutboxAttachment
{
    public const int MaxBytes = 10 * 1024 * 1024, FileNameMax = 200, ContentTypeMax = 100;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid MessageId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public required byte[] Content { get; init; }
}

/// <summary>A file for <see cref="OutgoingMail.Attachments"/>.</summary>
public sealed record MailAttachment(string FileName, string ContentType, byte[] Content);

internal sealed class OutboxAttachmentConfiguration : IEntityTypeConfiguration<OutboxAttachment>
{
    public void Configure(EntityTypeBuilder<OutboxAttachment> b)
    {
        b.ToTable("OutboxAttachments");
        b.Property(a => a.FileName).HasMaxLength(OutboxAttachment.FileNameMax);
        b.Property(a => a.ContentType).HasMaxLength(OutboxAttachment.ContentTypeMax);
        b.HasOne<OutboxMessage>().WithMany(m => m.Attachments).HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
