namespace Rapport.Core.Common;

/// <summary>A field-level validation failure; <see cref="Code"/> is a resource key, <see cref="Args"/> fill its placeholders.</summary>
public sealed record FieldError(string Field, string Code, params object[] Args);

/// <summary>Thrown by services when a request breaks a rule; the host maps it to a localized 400 ProblemDetails.</summary>
public sealed class RapportValidationException(IReadOnlyList<FieldError> errors)
    : Exception("Validation failed: " + string.Join(", ", errors.Select(e => $"{e.Field}:{e.Code}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;

    public static RapportValidationException For(string field, string code, params object[] args) =>
        new([new FieldError(field, code, args)]);
}

/// <summary>The record does not exist, is deleted, or is outside the caller's scope (all answer 404 alike).</summary>
public sealed class NotFoundException(string entity, Guid id) : Exception($"{entity} {id} not found")
{
    public string Entity { get; } = entity;
    public Guid Id { get; } = id;
}

/// <summary>The caller's copy is stale: the record changed since the version they read (HTTP 412).</summary>
public sealed class ConcurrencyConflictException(string entity, Guid id, long currentVersion)
    : Exception($"{entity} {id} was changed by someone else (now version {currentVersion})")
{
    public long CurrentVersion { get; } = currentVersion;
}

/// <summary>A create matched existing records; the caller may repeat it with confirmation (HTTP 409).
/// <see cref="Matches"/> are in the caller's scope; <see cref="Elsewhere"/> are outside it and say only who owns them.</summary>
public sealed class DuplicateWarningException(IReadOnlyList<DuplicateMatch> matches, IReadOnlyList<DuplicateElsewhere>? elsewhere = null)
    : Exception($"{matches.Count + (elsewhere?.Count ?? 0)} possible duplicate(s)")
{
    public IReadOnlyList<DuplicateMatch> Matches { get; } = matches;
    public IReadOnlyList<DuplicateElsewhere> Elsewhere { get; } = elsewhere ?? [];
}

/// <summary>A duplicate outside the caller's record scope: which list (<c>customer</c> or <c>lead</c>), what matched
/// (<c>phone</c>, <c>email</c>, <c>company</c>) and the owner to ask for it, and deliberately nothing else (no id,
/// name or value), since the caller may not see the record.</summary>
public sealed record DuplicateElsewhere(string Kind, string MatchedOn, string OwnerName);

/// <summary>An existing record that shares a normalised phone, email (or, for leads, company) with a new one.
/// <see cref="Kind"/> says which list it is in: <c>customer</c> or <c>lead</c> (leads have no number).</summary>
public sealed record DuplicateMatch(Guid Id, string Number, string Name, string MatchedOn, string Value, string Kind = "customer");
