namespace Rapport.Core.Sales;

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
