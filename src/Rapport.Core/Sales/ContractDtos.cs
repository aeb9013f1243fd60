namespace Rapport.Core.Sales;

/// <summary>A contract's terms. Changing an active contract is an amendment: it needs <paramref name="AmendmentReason"/> and
/// takes effect on <paramref name="EffectiveDate"/> (default: today); both are ignored for a draft.</summary>
public sealed record ContractInput(Guid CustomerId, string? Title, decimal Value, string? Currency, DateOnly StartDate, DateOnly EndDate,
    Guid? OpportunityId = null, Guid? OwnerId = null, int RenewalNoticeDays = 30, string? AmendmentReason = null, DateOnly? EffectiveDate = null);

/// <summary>One changed term of an amendment: the field's API name and its value before and after, as text.</summary>
public sealed record ContractChange(string Field, string? Before, string? After);

public sealed record ContractAmendmentDto(Guid Id, int Sequence, DateOnly EffectiveDate, string Reason, IReadOnlyList<ContractChange> Changes,
    DateTime CreatedAt, string? CreatedByName);

public sealed record ContractEndInput(string? Reason);

public sealed record ContractDto(Guid Id, string Number, Guid CustomerId, string CustomerName, Guid? OpportunityId, Guid? OwnerId, string Title,
    decimal Value, string Currency, DateOnly StartDate, DateOnly EndDate, ContractStatus Status, int RenewalNoticeDays, DateTime? RenewalReminderAt,
    string? EndReason, DateTime CreatedAt, long Version);

public sealed record ContractAttachmentDto(Guid Id, string FileName, string ContentType, long Size, string Sha256, DateTime UploadedAt);
