namespace Rapport.Core.ServiceDesk;

/// <summary>A file attached to a case message, kept by the shared <see cref="Common.AttachmentStore"/>.</summary>
public sealed class CaseAttachment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; init; }
    public Case? Case { get; init; }
    public Guid MessageId { get; init; }
    public required string FileName { get; init; }
    public required string ContentType { get; init; }
    public long Size { get; init; }
    public required string Sha256 { get; init; }
    public DateTime UploadedAt { get; init; }
    public Guid? UploadedById { get; init; }
}
