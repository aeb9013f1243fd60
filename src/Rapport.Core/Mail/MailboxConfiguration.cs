namespace Rapport.Core.Mail;

public sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> builder)
    {
        builder.ToTable("Mailboxes");
        builder.Property(m => m.Name).HasMaxLength(100);
        builder.Property(m => m.Host).HasMaxLength(253);
        builder.Property(m => m.UserName).HasMaxLength(320);
        builder.Property(m => m.PasswordCipher).HasMaxLength(1000);
        builder.Property(m => m.Folder).HasMaxLength(200);
        builder.Property(m => m.Purpose).HasMaxLength(50);
        builder.Property(m => m.LastError).HasMaxLength(OutboxMessage.MaxErrorLength);
        builder.HasIndex(m => m.Name).IsUnique();
    }
}
