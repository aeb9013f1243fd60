namespace Rapport.Core.Privacy.Requests;

internal sealed class SubjectRequestConfiguration : IEntityTypeConfiguration<SubjectRequest>
{
    public void Configure(EntityTypeBuilder<SubjectRequest> b)
    {
        b.ToTable("SubjectRequests");
        b.HasNumber(r => r.Number);
        b.Property(r => r.SubjectName).HasMaxLength(SubjectRequest.NameMax);
        b.Property(r => r.Email).HasMaxLength(ConsentEntry.MaxAddressLength);
        b.Property(r => r.Phone).HasMaxLength(40);
        b.Property(r => r.Language).HasMaxLength(10);
        b.Property(r => r.Notes).HasMaxLength(SubjectRequest.NotesMax);
        b.Property(r => r.RefusalReason).HasMaxLength(SubjectRequest.ReasonMax);
        b.HasOne(r => r.Customer).WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.SetNull);
        b.HasKeysetIndex(r => r.CreatedAt);
        b.HasIndex(r => r.CustomerId);
        b.HasIndex(r => new { r.Status, r.DueAt });
    }
}
