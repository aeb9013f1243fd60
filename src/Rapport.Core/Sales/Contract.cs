using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Core.Sales;

/// <summary>Draft → active → expired (its end date passed) or terminated (ended early) → archived.</summary>
public enum ContractStatus { Draft, Active, Expired, Terminated, Archived }

/// <summary>An agreement with a customer for a value over a period, with its signed documents attached and a
/// reminder to renew it ahead of its end.</summary>
public sealed class Contract : Versioned
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Number { get; init; }
    public Guid CustomerId { get; init; }
    public Customers.Customer? Customer { get; init; }
    public Guid? OpportunityId { get; set; }
    public Guid? OwnerId { get; set; }
    public required string Title { get; set; }
    public long ValueMinor { get; set; }
    public required string Currency { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public ContractStatus Status { get; set; }
    /// <summary>How many days before the end the owner is reminded to renew.</summary>
    public int RenewalNoticeDays { get; set; } = 30;
    public DateTime? RenewalReminderAt { get; set; }
    public string? EndReason { get; set; }
}

/// <summary>A file attached to a contract. The bytes live on disk under the attachments folder (never in the
/// database); the row keeps what is needed to serve and verify them.</summary>
public sealed class ContractAttachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ContractId { get; init; }
    public Contract? Contract { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public DateTime UploadedAt { get; init; }
    public Guid? UploadedById { get; init; }
}

internal sealed class ContractConfiguration : IEntityTypeConfiguration<Contract>
{
    public void Configure(EntityTypeBuilder<Contract> b)
    {
        b.ToTable("Contracts");
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.Title).HasMaxLength(OpportunityRules.NameMax);
        b.Property(c => c.Currency).HasMaxLength(3);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.EndReason).HasMaxLength(500);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Opportunity>().WithMany().HasForeignKey(c => c.OpportunityId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(c => c.Number).IsUnique();
        b.HasIndex(c => new { c.CustomerId, c.StartDate });
        // The daily job: active contracts by end date.
        b.HasIndex(c => new { c.Status, c.EndDate });
        b.HasIndex(c => new { c.CreatedAt, c.Id });
    }
}

internal sealed class ContractAttachmentConfiguration : IEntityTypeConfiguration<ContractAttachment>
{
    public void Configure(EntityTypeBuilder<ContractAttachment> b)
    {
        b.ToTable("ContractAttachments");
        b.Property(a => a.FileName).HasMaxLength(255);
        b.Property(a => a.ContentType).HasMaxLength(100);
        b.Property(a => a.Sha256).HasMaxLength(64);
        b.HasOne(a => a.Contract).WithMany().HasForeignKey(a => a.ContractId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.ContractId, a.UploadedAt });
    }
}
