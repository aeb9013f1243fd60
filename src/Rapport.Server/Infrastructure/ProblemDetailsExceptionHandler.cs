using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Rapport.Core.Common;

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
            DuplicateWarningException d => With(Make(StatusCodes.Status409Conflict, "Problem.Duplicate"), "matches", d.Matches),
            _ => null,
        };
        if (problem is null)
        {
            log.LogError(exception, "Unhandled error on {Method} {Path}", http.Request.Method, http.Request.Path);
            problem = Make(StatusCodes.Status500InternalServerError, "Problem.Unexpected");
        }
        http.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
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
