using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Rapport.Server.Infrastructure;

/// <summary>The one mapping from service exceptions to RFC 9457 problem details, localized to the caller's culture.</summary>
internal sealed class ProblemDetailsExceptionHandler(
    IProblemDetailsService problems, IStringLocalizer<SharedResource> text, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            RapportValidationException v => Validation(v.Errors),
            BadHttpRequestException b => BadRequest(b),
            NotFoundException => Make(StatusCodes.Status404NotFound, "Problem.NotFound"),
            ForbiddenException => Make(StatusCodes.Status403Forbidden, "Problem.Forbidden"),
            ConcurrencyConflictException c => With(Make(StatusCodes.Status412PreconditionFailed, "Problem.Conflict"), "currentVersion", c.CurrentVersion),
            DuplicateWarningException d => With(With(Make(StatusCodes.Status409Conflict, "Problem.Duplicate"), "matches", d.Matches), "elsewhere",
                d.Elsewhere.Select(e => new { e.Kind, e.MatchedOn, e.OwnerName, Message = DuplicateText.Message(text, e) }).ToList()),
            // Any versioned record saved over someone else's change, by any service: the caller re-reads and retries.
            DbUpdateConcurrencyException c => await ConflictAsync(c, cancellationToken),
            DbUpdateException u when DbErrors.IsUniqueViolation(u) => Make(StatusCodes.Status409Conflict, "Problem.UniqueConflict"),
            // A deadlock, a write lock held too long, or no database session to be had: nothing was saved, and the same
            // request a moment later succeeds.
            _ when DbErrors.IsTransient(exception) => Busy(http),
            _ when IsUnstorableText(exception) => Make(StatusCodes.Status400BadRequest, "Problem.BadRequest"),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(Core.Observability.AppEvents.ServerError, exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Make(StatusCodes.Status500InternalServerError, "Problem.Unexpected");
        }
        if (exception is ForbiddenException)
            log.LogWarning(Core.Observability.AppEvents.PermissionDenied, "Permission denied on {Method} {Path}", http.Request.Method, http.Request.Path);
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private async Task<ProblemDetails> ConflictAsync(DbUpdateConcurrencyException c, CancellationToken ct)
    {
        var problem = Make(StatusCodes.Status412PreconditionFailed, "Problem.Conflict");
        // The row that failed may be a child (a quote line, a customer's phone) whose record carries the version.
        var entry = c.Entries.FirstOrDefault(e => e.Entity is AuditedEntity)
            ?? (c.Entries.Count == 0 ? null : c.Entries[0])?.Context.ChangeTracker.Entries()
                .FirstOrDefault(e => e.Entity is AuditedEntity && e.State == EntityState.Modified);
        if (entry is null) return problem;
        try
        {
            // The version now stored, so the client can tell how far behind it was (null: the record is gone).
            if (await entry.GetDatabaseValuesAsync(ct) is { } stored) problem.Extensions["currentVersion"] = stored[nameof(AuditedEntity.Version)];
        }
        catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
        {
            // The context could not be asked again (e.g. a rolled-back transaction); the 412 stands without the version.
        }
        return problem;
    }

    private ProblemDetails Busy(HttpContext http)
    {
        log.LogWarning(Core.Observability.AppEvents.TransientConflict, "Transient database conflict on {Method} {Path}; the client is told to retry",
            http.Request.Method, http.Request.Path);
        http.Response.Headers.RetryAfter = "1";
        return Make(StatusCodes.Status503ServiceUnavailable, "Problem.Busy");
    }

    /// <summary>PostgreSQL refuses NUL (and bytes that are not UTF-8) in any text value, wherever it came from: bad
    /// input from the caller, not a server error.</summary>
    private static bool IsUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.CharacterNotInRepertoire or Npgsql.PostgresErrorCodes.UntranslatableCharacter })
                return true;
        return false;
    }

    private ProblemDetails Validation(IReadOnlyList<FieldError> errors)
    {
        var problem = new ValidationProblemDetails(errors
            .GroupBy(e => e.Field)
            .ToDictionary(g => g.Key, g => g.Select(e => text[e.Code, e.Args].Value).ToArray()))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = text["Problem.Validation"],
            Type = "https://rapport.dev/problems/validation",
        };
        problem.Extensions["codes"] = errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray());
        return problem;
    }

    private ProblemDetails BadRequest(BadHttpRequestException b)
    {
        if (b.StatusCode == StatusCodes.Status413PayloadTooLarge) return Make(b.StatusCode, "Problem.TooLarge");
        // Unsafe text is a field error on the JSON path ("$.lines[0].description" → "lines[0].description").
        if (b.InnerException is UnsafeTextException u)
            return Validation([new FieldError(u.Path is null or "$" ? "body" : u.Path.TrimStart('$').TrimStart('.'), SafeText.ErrorCode)]);
        var problem = Make(StatusCodes.Status400BadRequest, "Problem.BadRequest");
        // JSON errors name the path ("$.tier") and the reason; parameter errors name the parameter. Neither leaks internals.
        problem.Detail = b.InnerException is JsonException j ? text["Problem.BadJson", j.Path ?? "$"] : b.Message;
        return problem;
    }

    private ProblemDetails Make(int status, string titleKey) => new()
    {
        Status = status,
        Title = text[titleKey],
        Type = $"https://rapport.dev/problems/{titleKey["Problem.".Length..].ToLowerInvariant()}",
    };

    private static ProblemDetails With(ProblemDetails p, string key, object value)
    {
        p.Extensions[key] = value;
        return p;
    }
}
