namespace Rapport.Core.Sales;

internal sealed class ContractAmendmentConfiguration : IEntityTypeConfiguration<ContractAmendment>
{
    public void Configure(EntityTypeBuilder<ContractAmendment> b)
    {
        b.ToTable("ContractAmendments");
        b.Property(a => a.Reason).HasMaxLength(ContractAmendment.ReasonMax);
        b.Property(a => a.Changes).HasMaxLength(4000);
        b.HasOne(a => a.Contract).WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.ContractId, a.Sequence }).IsUnique();
    }
}
