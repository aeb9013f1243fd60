namespace Rapport.Core.ServiceDesk;

internal sealed class CaseMessageConfiguration : IEntityTypeConfiguration<CaseMessage>
{
    public void Configure(EntityTypeBuilder<CaseMessage> b)
    {
        b.ToTable("CaseMessages");
        b.Property(m => m.Body).HasMaxLength(CaseMessage.BodyMax);
        b.Property(m => m.FromAddress).HasMaxLength(CaseMessage.FromMax);
        b.Property(m => m.MailMessageId).HasMaxLength(CaseMessage.MailMessageIdMax);
        b.Property(m => m.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.DeliveryState).HasConversion<string>().HasMaxLength(20);
        b.HasOne(m => m.Case).WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(m => new { m.CaseId, m.At, m.Id });
    }
}
