namespace Rapport.Core.Customers;

public sealed record AddressDto(string? Country, string? City, string? Region = null, string? Street = null, string? Postcode = null, string? Label = null);

/// <summary>What a caller sends to create or replace a customer.</summary>
public sealed record CustomerInput
{
    public string? Name { get; init; }
    public CustomerKind Kind { get; init; } = CustomerKind.Company;
    /// <summary>Leave empty to have one generated from the configured pattern.</summary>
    public string? Number { get; init; }
    public List<string>? Phones { get; init; }
    public List<string>? Emails { get; init; }
    public List<string>? Ims { get; init; }
    public List<AddressDto>? Addresses { get; init; }
    public string? Industry { get; init; }
    public string? Source { get; init; }
    public Guid? OwnerId { get; init; }
    public ValueTier? Tier { get; init; }
    public LifecycleStage? Stage { get; init; }
    public List<string>? Tags { get; init; }
    public string? Notes { get; init; }
    /// <summary>Sensitive: stored encrypted, shown masked unless revealed. A field masked for a caller without
    /// <c>pii.reveal</c> is left as it is by their update, whether sent masked, left out or null.</summary>
    public string? NationalId { get; init; }
    public string? BankAccount { get; init; }
    /// <summary><c>yyyy-MM-dd</c>. Text rather than a date so that the masked <c>****-**-**</c> a reader got can be
    /// sent back unchanged.</summary>
    public string? DateOfBirth { get; init; }
}

public sealed record CustomerDto(
    Guid Id, string Number, string Name, CustomerKind Kind,
    IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, IReadOnlyList<string> Ims,
    IReadOnlyList<AddressDto> Addresses, string? Industry, string? Source, Guid? OwnerId, string? OwnerName,
    ValueTier Tier, LifecycleStage Stage, IReadOnlyList<string> Tags, string? Notes,
    DateTime CreatedAt, Guid? CreatedById, DateTime UpdatedAt, Guid? UpdatedById, long Version,
    string? NationalId = null, string? BankAccount = null, string? DateOfBirth = null);

/// <summary>A customer as a list export writes it (the import's columns): phones, emails and IMs primary first, tags
/// by name, the first address, sensitive values masked unless revealed (and left empty when the export leaves them out).</summary>
public sealed record CustomerExportRow(
    string Number, string Name, CustomerKind Kind, IReadOnlyList<string> Phones, IReadOnlyList<string> Emails, IReadOnlyList<string> Ims,
    AddressDto? Address, string? Industry, string? Source, Guid? OwnerId, ValueTier Tier, LifecycleStage Stage, IReadOnlyList<string> Tags,
    string? Notes, DateTime CreatedAt, string? NationalId, string? BankAccount, string? DateOfBirth);

/// <summary>One part of a customer export that <see cref="CustomerService.ExportPartsAsync"/> started (audited, its
/// permissions checked) for one user: the rows it covers and how sensitive values are written. Made only there (and by
/// Core's own tests).</summary>
public sealed class CustomerExportPart
{
    internal CustomerExportPart(CustomerQuery query, bool reveal, bool sensitive, Guid? userId) =>
        (Query, Reveal, Sensitive, UserId) = (query, reveal, sensitive, userId);

    internal CustomerQuery Query { get; }
    internal bool Reveal { get; }
    internal bool Sensitive { get; }
    internal Guid? UserId { get; }
}

/// <summary>A customer's sensitive values in the clear (only for callers with <c>pii.reveal</c>; audited).</summary>
public sealed record RevealedPii(Guid Id, string? NationalId, string? BankAccount, DateOnly? DateOfBirth,
    IReadOnlyList<string> Phones, IReadOnlyList<string> Emails);

public sealed record CustomerListItem(
    Guid Id, string Number, string Name, CustomerKind Kind, ValueTier Tier, LifecycleStage Stage,
    Guid? OwnerId, string? PrimaryPhone, string? PrimaryEmail, DateTime CreatedAt, DateTime UpdatedAt);

public sealed record DeletedCustomerItem(Guid Id, string Number, string Name, DateTime DeletedAt, Guid? DeletedById, DateTime PurgeAfter);

public enum CustomerSort { Created, Updated, Name, Number }

/// <summary>List filters; every one is backed by an index.</summary>
public sealed record CustomerQuery
{
    public string? Q { get; init; }
    public string? Tag { get; init; }
    public ValueTier? Tier { get; init; }
    public LifecycleStage? Stage { get; init; }
    public Guid? OwnerId { get; init; }
    public DateTime? CreatedFrom { get; init; }
    public DateTime? CreatedTo { get; init; }
    public CustomerSort Sort { get; init; } = CustomerSort.Created;
    public bool Descending { get; init; } = true;
    public string? Cursor { get; init; }
    public int? Limit { get; init; }
}

/// <summary>An exact-match search by a sensitive value (through its blind index). Sent in a POST body, never a query
/// string, so the value stays out of server and proxy logs; needs <c>pii.reveal</c> and is audited.</summary>
public sealed record CustomerLookup(string? NationalId = null, string? BankAccount = null, string? Cursor = null, int? Limit = null);

public enum CustomerBulkAction { AssignOwner, AddTag, RemoveTag, Delete }

/// <summary>One action applied to many selected customers at once (up to <see cref="CustomerService.BulkMax"/>).</summary>
public sealed record CustomerBulkInput(List<Guid>? Ids, CustomerBulkAction Action, Guid? OwnerId = null, string? Tag = null);

/// <summary>How many selected customers were changed, and which were not found (deleted meanwhile or out of scope).</summary>
public sealed record CustomerBulkResult(int Changed, IReadOnlyList<Guid> NotFound);
