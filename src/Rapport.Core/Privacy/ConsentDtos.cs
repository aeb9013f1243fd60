namespace Rapport.Core.Privacy;

/// <summary>A consent given or withdrawn, as an agent records it.</summary>
/// <param name="Address">The customer's email or phone the consent is about; empty for the person as a whole.</param>
/// <param name="At">When the person decided; now when omitted.</param>
public sealed record ConsentInput(ConsentPurpose Purpose, bool Granted, ConsentSource Source = ConsentSource.Agent,
    string? Address = null, string? Proof = null, DateTime? At = null, Guid? ContactId = null);

public sealed record ConsentEntryDto(Guid Id, ConsentPurpose Purpose, string? Address, bool Granted, ConsentSource Source,
    string? Proof, DateTime At, DateTime RecordedAt, Guid? RecordedById, string? RecordedBy, Guid? ContactId);

/// <summary>A customer's ledger: the current state of each purpose/address (its newest line) and every line, newest first.</summary>
public sealed record ConsentLedgerDto(IReadOnlyList<ConsentEntryDto> Current, IReadOnlyList<ConsentEntryDto> History);
