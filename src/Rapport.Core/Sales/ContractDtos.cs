namespace Rapport.Core.Sales;

public sealed record ContractInput(Guid CustomerId, string? Title, decimal Value, string? Currency, DateOnly StartDate, DateOnly EndDate,
    Guid? OpportunityId = null, Guid? OwnerId = null, int RenewalNoticeDays = 30);

public sealed record ContractEndInput(string? Reason);

public sealed record ContractDto(Guid Id, string Number, Guid CustomerId, string CustomerName, Guid? OpportunityId, Guid? OwnerId, string Title,
    decimal Value, string Currency, DateOnly StartDate, DateOnly EndDate, ContractStatus Status, int RenewalNoticeDays, DateTime? RenewalReminderAt,
    string? EndReason, DateTime CreatedAt, long Version);

public sealed record ContractAttachmentDto(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTime UploadedAt);
