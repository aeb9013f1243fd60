namespace Rapport.Core.Quality;

/// <summary>One record of a candidate pair, as the review list shows it. For a contact, <see cref="Number"/> is its
/// customer's number, <see cref="CustomerId"/> the customer and <see cref="Detail"/> the customer's name; for a lead,
/// <see cref="Number"/> is empty and <see cref="Detail"/> the company.</summary>
public sealed record DuplicateSide(Guid Id, string Number, string Name, Guid? OwnerId, DateTime CreatedAt, Guid? CustomerId = null, string? Detail = null);

/// <summary>A candidate pair on the review list: what kind of records (<c>customer</c>, <c>contact</c>, <c>lead</c>), its
/// score (0–100) and the keys the two share.</summary>
public sealed record DuplicatePairItem(Guid Id, int Score, IReadOnlyList<string> Reasons, DuplicateSide A, DuplicateSide B, DuplicateKind Kind = DuplicateKind.Customer);

/// <summary>What a duplicate scan did.</summary>
public sealed record DuplicateScanResult(int Backfilled, int Found, int Added, int Removed);
